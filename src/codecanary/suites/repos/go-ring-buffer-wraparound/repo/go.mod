module example.com/ringstats

go 1.19
