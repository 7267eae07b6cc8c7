module example.com/slow-downstream

go 1.19
