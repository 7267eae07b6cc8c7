module example.com/leakdemo/prodcons

go 1.19
