// In the style of the AI-Gateway labs: backends and a pool from a parameter array.
@description('OpenAI instances')
param openAIConfig array = [
  {
    name: 'openai1'
    location: 'uksouth'
    priority: 1
  }
  {
    name: 'openai2'
    location: 'swedencentral'
    priority: 2
  }
]
param apimResourceName string = 'apim-${uniqueString(resourceGroup().id)}'
param openAIBackendPoolName string = 'openai-backend-pool'

resource apimService 'Microsoft.ApiManagement/service@2024-06-01-preview' existing = {
  name: apimResourceName
}

resource cognitiveServices 'Microsoft.CognitiveServices/accounts@2024-10-01' = [for config in openAIConfig: {
  name: '${config.name}-${uniqueString(resourceGroup().id)}'
  location: config.location
  kind: 'OpenAI'
}]

#disable-next-line BCP081
resource backendOpenAI 'Microsoft.ApiManagement/service/backends@2024-06-01-preview' = [for (config, i) in openAIConfig: {
  name: config.name
  parent: apimService
  properties: {
    description: 'backend description'
    url: '${cognitiveServices[i].properties.endpoint}/openai'
    protocol: 'http'
    circuitBreaker: {
      rules: [
        {
          failureCondition: {
            count: 1
            errorReasons: [
              'Server errors'
            ]
            interval: 'PT5M'
            statusCodeRanges: [
              {
                min: 429
                max: 429
              }
            ]
          }
          name: 'openAIBreakerRule'
          tripDuration: 'PT1M'
          acceptRetryAfter: true
        }
      ]
    }
  }
}]

resource backendPoolOpenAI 'Microsoft.ApiManagement/service/backends@2024-06-01-preview' = if (length(openAIConfig) > 1) {
  name: openAIBackendPoolName
  parent: apimService
  properties: {
    description: 'Load balancer for multiple OpenAI endpoints'
    type: 'Pool'
    pool: {
      services: [
        for (config, i) in openAIConfig: {
          id: '/backends/${backendOpenAI[i].name}'
          priority: config.?priority
          weight: config.?weight
        }
      ]
    }
  }
}

output apimServiceId string = apimService.id
