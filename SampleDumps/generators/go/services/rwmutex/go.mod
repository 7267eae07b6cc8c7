module example.com/rwmutex

go 1.19
