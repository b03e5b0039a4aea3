param apimName string = 'apim'

resource b1 'Microsoft.ApiManagement/service/backends@2023-05-01-preview' = {
  name: '${apimName}/b1
  properties: {
    url: 'https://one.example.com'
  }
}
