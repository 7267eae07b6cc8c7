module example.com/neverclosed

go 1.19
