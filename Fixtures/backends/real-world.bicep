// Constructs seen in real-world APIM Bicep: imports, lambdas, computed keys, modules,
// nested resources under an existing parent, conditional objects, loops over unknown arrays.
targetScope = 'resourceGroup'

import { gatewayConfiguration } from './types.bicep'
import * as shared from './shared.bicep'

@description('Name of the API Management service')
@minLength(1)
param apimName string
param aiBackends array
param userAssignedIdentityId string?
param models array = [
  { name: 'gpt-4o', backends: ['east', 'west'] }
  { name: 'gpt-4.1', backends: ['east'] }
]
param tags object = {}

var modelNames = map(models, m => m.name)
var byModel = reduce(models, {}, (acc, model) => union(acc, {
  '${model.name}': model.backends
}))
var identity = {
  type: empty(userAssignedIdentityId) ? 'SystemAssigned' : 'UserAssigned'
  userAssignedIdentities: empty(userAssignedIdentityId) ? null : {
    '${userAssignedIdentityId}': {}
  }
}
var regions = {
  east: 'https://east.example.com/openai'
  west: 'https://west.example.com/openai'
}

resource apim 'Microsoft.ApiManagement/service@2024-05-01' existing = {
  name: apimName

  resource east 'backends@2024-05-01' = {
    name: 'east'
    properties: {
      url: regions.east
      protocol: 'http'
      #disable-next-line BCP037
      circuitBreaker: contains(regions, 'east') ? {
        rules: [{
          name: 'breaker'
          failureCondition: {
            count: 2
            interval: 'PT30S'
            statusCodeRanges: [{ min: 500, max: 599 }]
            errorReasons: ['Timeout', 'BackendConnectionFailure']
          }
          tripDuration: 'PT10S'
        }]
      } : null
    }
  }
}

resource west 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
  parent: apim
  name: 'west'
  properties: {
    url: regions['west']
    protocol: 'http'
    credentials: apimName == 'special' ? {
      header: {
        'api-key': ['{{west-key}}']
      }
    } : null
  }}

resource aiBackendResources 'Microsoft.ApiManagement/service/backends@2024-05-01' = [ for (aiBackend, i) in aiBackends : {
  name: aiBackend.name
  parent: apim
  properties: {
    url: aiBackend.endpoint
    protocol: 'http'
  }
}]

module other './backend.bicep' = {
  params: {
    apimName: apimName
  }
}

resource eastWest 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
  name: 'east-west'
  parent: apim
  properties: {
    type: 'Pool'
    pool: {
      services: [
        {
          id: apim::east.id
          priority: 1
        }
        {
          id: west.id
          priority: 2
        }
      ]
    }
  }
}

resource modelPools 'Microsoft.ApiManagement/service/backends@2024-05-01' = [for model in models: if (length(model.backends) > 1) {
  name: '${replace(model.name, '.', '')}-pool'
  parent: apim
  properties: {
    type: 'Pool'
    pool: {
      services: [for b in model.backends: { id: '/backends/${b}', weight: 50 }]
    }
  }
}]

resource viaModule 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
  name: 'via-module'
  parent: apim
  properties: {
    type: 'Pool'
    pool: {
      services: [
        { id: other.outputs.backendId, priority: 1 }
      ]
    }
  }
}

output names array = modelNames
output map object = byModel
