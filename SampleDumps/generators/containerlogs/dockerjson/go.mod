module example.com/leakdemo/containerlogs/dockerjson

go 1.19
