module example.com/leakdemo/logrusfmt

go 1.19
