// Drives the official Marketcloud Node SDK (seed 003) against a Portcullis gateway, unchanged except
// for its baseUrl. Env: BASE, PUBLIC_KEY, SECRET_KEY, EMAIL, PASSWORD, MODE (ok | wrong-secret).
'use strict'
const Marketcloud = require('marketcloud-node')

async function main () {
  const client = new Marketcloud.Client({ public_key: process.env.PUBLIC_KEY, secret_key: process.env.SECRET_KEY })
  client.baseUrl = process.env.BASE
  if (process.env.MODE === 'wrong-secret') {
    try {
      await client.authenticate()
      console.log(JSON.stringify({ unexpected: 'authenticated' }))
    } catch (e) {
      console.log(JSON.stringify({ rejected: { code: e.code, type: e.type, message: e.message } }))
    }
    return
  }
  const auth = await client.authenticate()
  const products = await client.products.list()
  const user = await client.users.authenticate(process.env.EMAIL, process.env.PASSWORD)
  console.log(JSON.stringify({ token: client.token, auth, products, user }))
}

main().catch(e => {
  console.error('SDK call failed: ' + (e && (e.message || JSON.stringify(e))))
  process.exit(1)
})
