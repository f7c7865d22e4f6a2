module example.com/clampdemo

go 1.19
