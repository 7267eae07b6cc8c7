print("stackdiff-bench: not written yet")
