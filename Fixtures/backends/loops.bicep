// AI-Gateway labs style: backends from a parameter array, a pool over all of them.
targetScope = 'resourceGroup'

type openAIConfig = {
  name: string
  location: string
  priority: int
  weight: int?
}

param openAIConfig array = [
  { name: 'openai1', location: 'eastus', priority: 1, weight: 100 }
  { name: 'openai2', location: 'swedencentral', priority: 2, weight: 50 }
  {
    name: 'openai3'
    location: 'westus'
    priority: 2
    weight: 50
  }
]
param apimName string = 'apim-${uniqueString(resourceGroup().id)}'
param openAIBackendPoolName string = 'openai-backend-pool'
param withRetryAfter bool = true

resource apim 'Microsoft.ApiManagement/service@2024-06-01-preview' existing = {
  name: apimName
}

resource cognitiveServices 'Microsoft.CognitiveServices/accounts@2024-10-01' = [for config in openAIConfig: {
  name: '${config.name}-${uniqueString(resourceGroup().id, config.location)}'
  location: config.location
}]

@batchSize(1)
resource backendOpenAI 'Microsoft.ApiManagement/service/backends@2024-06-01-preview' = [for (config, i) in openAIConfig: if (length(openAIConfig) > 1) {
  name: config.name
  parent: apim
  properties: {
    description: 'backend description'
    url: '${cognitiveServices[i].properties.endpoint}/openai'
    protocol: 'http'
    circuitBreaker: {
      rules: [
        {
          failureCondition: {
            count: 1
            errorReasons: ['Server errors']
            interval: 'PT1M'
            statusCodeRanges: [{ min: 429, max: 429 }, { min: 500, max: 503 }]
          }
          name: 'openAIBreakerRule'
          tripDuration: 'PT1M'
          acceptRetryAfter: withRetryAfter
        }
      ]
    }
  }
}]

resource extra 'Microsoft.ApiManagement/service/backends@2024-06-01-preview' = [for n in range(0, 2): {
  name: 'extra-${n}'
  parent: apim
  properties: {
    url: 'https://extra${n}.example.com/'
    protocol: 'http'
  }
}]

resource skipped 'Microsoft.ApiManagement/service/backends@2024-06-01-preview' = if (false) {
  name: 'never'
  parent: apim
  properties: { url: 'https://never.example.com', protocol: 'http' }
}

resource backendPoolOpenAI 'Microsoft.ApiManagement/service/backends@2024-06-01-preview' = if (length(openAIConfig) > 1) {
  name: openAIBackendPoolName
  parent: apim
  // '''multi-line''' description and a ternary
  properties: {
    description: '''
Pool of all
OpenAI backends'''
    type: length(openAIConfig) > 1 ? 'Pool' : 'Single'
    pool: {
      services: [for (config, i) in openAIConfig: {
        id: '/backends/${backendOpenAI[i].name}'
        priority: config.?priority ?? 1
        weight: config.weight
      }]
    }
  }
}

func unused(x string) string => toLower(x)
output endpoints array = [for (c, i) in openAIConfig: cognitiveServices[i].properties.endpoint]
