ORTH = "orth"
NORM = "norm"
