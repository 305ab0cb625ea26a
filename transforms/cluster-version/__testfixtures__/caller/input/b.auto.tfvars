conflict = "1.25"
