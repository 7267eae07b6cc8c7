module example.com/leakdemo/masterworker

go 1.19
