print("hello from a small build context")
