// PolicyRuntime
