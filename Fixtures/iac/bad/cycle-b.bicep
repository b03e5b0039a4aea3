module a 'cycle-a.bicep' = {
  name: 'a'
}
