module example.com/leakdemo/race

go 1.19
