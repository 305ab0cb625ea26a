eks         = "1.32"
default_ami = "AL2_x86_64"
