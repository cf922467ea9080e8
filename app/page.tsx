export default function HomePage() {
  return (
    <main>
      <h1>ProxyPulse</h1>
      <p>Is your route to the OpenAI API working right now, through which proxy, how fast, and why not?</p>
      <p className="muted">
        The dashboard is on its way. Today, probe a route from a terminal:
      </p>
      <pre>
        <code>npx proxypulse probe --proxy http://127.0.0.1:7890 --json{"\n"}npx proxypulse doctor</code>
      </pre>
    </main>
  );
}
