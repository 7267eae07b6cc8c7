module example.com/leakdemo/leakprofile

go 1.26
