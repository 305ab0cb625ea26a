tier = "live"
