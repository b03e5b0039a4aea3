resource p 'Microsoft.ApiManagement/service/apis/policies@2023-05-01-preview' = {
  name: 'apim/api/policy'
  properties: {
    value: loadTextContent('policies/does-not-exist.xml')
  }
}
