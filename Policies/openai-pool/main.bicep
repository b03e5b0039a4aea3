// Two Azure OpenAI endpoints behind a weighted backend pool. Each backend's circuit breaker trips
// after three 429 responses within five minutes and stays open for one minute.
param apimName string = 'apim-demo'
param endpoint1 string = 'https://aoai-east.openai.azure.com'

resource apim 'Microsoft.ApiManagement/service@2023-05-01-preview' existing = {
  name: apimName
}

resource aoaiWest 'Microsoft.CognitiveServices/accounts@2023-05-01' existing = {
  name: 'aoai-west'
}

resource backendEast 'Microsoft.ApiManagement/service/backends@2023-09-01-preview' = {
  name: 'aoai-east'
  parent: apim
  properties: {
    url: '${endpoint1}/openai'
    protocol: 'http'
    circuitBreaker: {
      rules: [
        {
          name: 'throttled'
          failureCondition: {
            count: 3
            interval: 'PT5M'
            statusCodeRanges: [
              { min: 429, max: 429 }
            ]
          }
          tripDuration: 'PT1M'
        }
      ]
    }
  }
}

resource backendWest 'Microsoft.ApiManagement/service/backends@2023-09-01-preview' = {
  name: 'aoai-west'
  parent: apim
  properties: {
    // Known only after deployment: policycheck keeps it as a readable placeholder.
    url: '${aoaiWest.properties.endpoint}openai'
    protocol: 'http'
    circuitBreaker: {
      rules: [
        {
          name: 'throttled'
          failureCondition: {
            count: 3
            interval: 'PT5M'
            statusCodeRanges: [
              { min: 429, max: 429 }
            ]
          }
          tripDuration: 'PT1M'
        }
      ]
    }
  }
}

resource pool 'Microsoft.ApiManagement/service/backends@2023-09-01-preview' = {
  name: 'aoai-pool'
  parent: apim
  properties: {
    description: 'Weighted pool over both endpoints'
    type: 'Pool'
    pool: {
      services: [
        {
          id: '/backends/${backendEast.name}'
          priority: 1
          weight: 10
        }
        {
          id: '/backends/${backendWest.name}'
          priority: 1
          weight: 20
        }
      ]
    }
  }
}
