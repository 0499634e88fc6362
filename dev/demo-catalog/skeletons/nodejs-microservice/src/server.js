// ${{ values.name }}: ${{ values.description }}
import http from 'node:http';

const port = Number(process.env.PORT ?? 3000);

export function handler(req, res) {
  if (req.url === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: 'UP', service: '${{ values.name }}' }));
    return;
  }
  res.writeHead(404);
  res.end();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1])) {
  http.createServer(handler).listen(port, () => console.log(`${{ values.name }} listening on ${port}`));
}
