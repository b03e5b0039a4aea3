// PolicyBackends
