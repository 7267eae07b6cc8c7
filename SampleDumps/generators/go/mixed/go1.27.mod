module example.com/leakdemo/mixed

go 1.27
