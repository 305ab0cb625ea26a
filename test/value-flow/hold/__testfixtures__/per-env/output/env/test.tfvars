tier = "test"
