module example.com/leakdemo/synctest

go 1.25
