module b 'cycle-b.bicep' = {
  name: 'b'
}
