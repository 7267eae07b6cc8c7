module example.com/leakdemo/sumserver

go 1.19
