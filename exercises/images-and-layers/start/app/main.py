print("hello from the layered image")
