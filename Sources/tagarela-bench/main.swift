// The benchmark lands later in this issue.
print("tagarela-bench")
