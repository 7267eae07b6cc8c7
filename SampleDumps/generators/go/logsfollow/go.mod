module example.com/logdemo

go 1.19
