resource b1 'Microsoft.ApiManagement/service/backends@2023-05-01-preview' = {
  name: 'apim/b1'
  properties: {
    url: 'https://one.example.com'
    protocol: 'http'

