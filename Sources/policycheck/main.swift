print("policycheck")
