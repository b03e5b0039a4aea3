// The same pool as backends.json and the inline map.
param apimName string = 'apim-demo'

resource apim 'Microsoft.ApiManagement/service@2023-05-01-preview' existing = {
  name: apimName
}

resource backend1 'Microsoft.ApiManagement/service/backends@2023-09-01-preview' = {
  name: 'backend1'
  parent: apim
  properties: {
    url: 'https://one.example'
    protocol: 'http'
    circuitBreaker: {
      rules: [
        {
          name: 'throttled'
          tripDuration: 'PT1M'
          failureCondition: {
            count: 1
            interval: 'PT1M'
            statusCodeRanges: [ { min: 429, max: 429 } ]
          }
        }
      ]
    }
  }
}

resource backend2 'Microsoft.ApiManagement/service/backends@2023-09-01-preview' = {
  name: 'backend2'
  parent: apim
  properties: {
    url: 'https://two.example'
    protocol: 'http'
  }
}

var members = [
  { name: backend1.name, weight: 1 }
  { name: backend2.name, weight: 2 }
]

resource pool 'Microsoft.ApiManagement/service/backends@2023-09-01-preview' = {
  name: 'pool1'
  parent: apim
  properties: {
    type: 'Pool'
    pool: {
      services: [for m in members: {
        id: '/backends/${m.name}'
        priority: 1
        weight: m.weight
      }]
    }
  }
}
