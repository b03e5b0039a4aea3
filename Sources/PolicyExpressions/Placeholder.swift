// PolicyExpressions
