import type net from "node:net";

/** Sends a TCP RST: on a TLS socket, through the TCP socket beneath it. */
export function resetConnection(socket: net.Socket | null | undefined): void {
  if (!socket) return;
  const tcp = (socket as net.Socket & { _parent?: net.Socket })._parent ?? socket;
  try {
    tcp.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
