conflict = "1.26"
