module example.com/leakdemo/crash

go 1.19
