import type { OutcomeKind } from "../classify/kinds";
import type { Lang } from "./messages";

export interface KindText {
  title: Record<Lang, string>;
  hint: Record<Lang, string>;
}

/** A route event's kind: a probe's outcome kind, or "slow" (degraded by latency). */
export type RouteEventKind = OutcomeKind | "slow";

/**
 * What each kind is called and what the user should do about it, in every
 * language the product speaks. The classifier returns kinds; these words are
 * looked up only when a result is presented.
 */
export const KIND_TEXTS = {
  ok: {
    title: { en: "OK", zh: "正常" },
    hint: { en: "The route works: the API answered correctly.", zh: "线路正常：API 正确应答。" },
  },
  proxy_unreachable: {
    title: { en: "Proxy unreachable", zh: "代理无法连接" },
    hint: {
      en: "Nothing accepts connections at the proxy address: start the proxy (Clash/V2Ray…) or fix its host and port.",
      zh: "代理地址上没有服务在监听：请启动代理软件（Clash/V2Ray 等）或检查主机和端口。",
    },
  },
  proxy_timeout: {
    title: { en: "Proxy timeout", zh: "代理超时" },
    hint: {
      en: "The proxy did not answer in time: check that it is running and not overloaded, or that a firewall is not dropping the connection.",
      zh: "代理没有及时响应：请确认代理正在运行且未过载，或检查防火墙是否丢弃了连接。",
    },
  },
  proxy_auth_failed: {
    title: { en: "Proxy authentication failed", zh: "代理认证失败" },
    hint: {
      en: "The proxy rejected the credentials: check the user name and password in the proxy URL.",
      zh: "代理拒绝了凭据：请检查代理地址中的用户名和密码。",
    },
  },
  proxy_refused: {
    title: { en: "Proxy refused the tunnel", zh: "代理拒绝建立隧道" },
    hint: {
      en: "The proxy is up but forbids tunnels to the API host: allow the host (and port 443) in the proxy's rules.",
      zh: "代理在线但禁止连接 API 主机：请在代理规则中放行该主机（及 443 端口）。",
    },
  },
  proxy_upstream_failed: {
    title: { en: "Proxy cannot reach the API", zh: "代理无法连到 API" },
    hint: {
      en: "The proxy is up but its outbound route (node/upstream) cannot reach the API host: switch to another node or check the node's status.",
      zh: "代理在线，但其出口（节点/上游）连不上 API 主机：请切换节点或检查节点状态。",
    },
  },
  proxy_protocol_error: {
    title: { en: "Proxy handshake failed", zh: "代理握手失败" },
    hint: {
      en: "Something listens at the proxy address but broke off the handshake: check the proxy URL's scheme and port. Most local proxies (Clash, V2Ray…) speak plain HTTP, so write http:// rather than https://; a SOCKS port needs socks5:// (and an HTTP port http://). A proxy that drops clients it does not allow looks the same.",
      zh: "代理地址上有服务在监听，但握手被中断：请检查代理地址的协议和端口。大多数本地代理（Clash、V2Ray 等）使用明文 HTTP，应写 http:// 而不是 https://；SOCKS 端口需写 socks5://（HTTP 端口写 http://）。代理拒绝未授权客户端时也会出现同样的情况。",
    },
  },
  dns_failure: {
    title: { en: "DNS failure", zh: "域名解析失败" },
    hint: {
      en: "The API host name does not resolve here: check the base URL, your DNS, or use a proxy that resolves names remotely (socks5h://).",
      zh: "本机无法解析 API 域名：请检查 Base URL 和 DNS 设置，或使用远程解析的代理（socks5h://）。",
    },
  },
  connection_refused: {
    title: { en: "Connection refused", zh: "连接被拒绝" },
    hint: {
      en: "The API host refused the connection: check the base URL's host and port, or route through a proxy.",
      zh: "API 主机拒绝连接：请检查 Base URL 的主机和端口，或改走代理。",
    },
  },
  connect_timeout: {
    title: { en: "Connect timeout", zh: "连接超时" },
    hint: {
      en: "No TCP connection to the API host within the timeout: the host is blocked or unreachable from here, so use a proxy.",
      zh: "在超时时间内无法与 API 主机建立 TCP 连接：该主机在本地被屏蔽或不可达，请使用代理。",
    },
  },
  connection_reset: {
    title: { en: "Connection reset", zh: "连接被重置" },
    hint: {
      en: "The connection was cut mid-request, typical of network interference: route through a proxy or another node.",
      zh: "连接在请求中途被切断，常见于网络干扰：请通过代理或更换节点访问。",
    },
  },
  tls_error: {
    title: { en: "TLS error", zh: "TLS 错误" },
    hint: {
      en: "The TLS handshake failed or the certificate is untrusted, expired or for another name (possible interception): if a corporate proxy inspects TLS, add its CA with a CA file instead of disabling verification.",
      zh: "TLS 握手失败或证书不可信、过期、域名不符（可能被劫持）：若公司代理会解密 TLS，请配置其 CA 证书文件，而不要关闭证书校验。",
    },
  },
  timeout: {
    title: { en: "Timeout", zh: "请求超时" },
    hint: {
      en: "The request was sent but no complete answer came in time: the API or the route is slow; retry later or raise the timeout.",
      zh: "请求已发出但未在规定时间内收到完整应答：API 或线路较慢，请稍后重试或调大超时时间。",
    },
  },
  auth_invalid: {
    title: { en: "Invalid API key", zh: "API 密钥无效" },
    hint: {
      en: "The API rejected the key (401): check the key, its project and organization, and that it was not revoked.",
      zh: "API 拒绝了该密钥（401）：请检查密钥、所属项目和组织，以及密钥是否已被吊销。",
    },
  },
  region_blocked: {
    title: { en: "Region not supported", zh: "地区不受支持" },
    hint: {
      en: "The API does not serve the country your request exits from: use a proxy whose exit is in a supported region.",
      zh: "API 不为你的出口所在国家/地区提供服务：请使用出口位于受支持地区的代理。",
    },
  },
  forbidden: {
    title: { en: "Forbidden", zh: "无权访问" },
    hint: {
      en: "The API refused access (403): check the key's permissions for this model or endpoint.",
      zh: "API 拒绝访问（403）：请检查该密钥对此模型或接口的权限。",
    },
  },
  model_not_found: {
    title: { en: "Model or endpoint not found", zh: "模型或接口不存在" },
    hint: {
      en: "The model or endpoint does not exist for this key (404): check the model name and the base URL's path (usually ending in /v1).",
      zh: "该密钥下不存在此模型或接口（404）：请检查模型名称和 Base URL 路径（通常以 /v1 结尾）。",
    },
  },
  bad_request: {
    title: { en: "Bad request", zh: "请求无效" },
    hint: {
      en: "The API rejected the request as invalid: check the model name and that the endpoint is OpenAI-compatible.",
      zh: "API 认为请求无效：请检查模型名称，以及该接口是否兼容 OpenAI。",
    },
  },
  quota_exhausted: {
    title: { en: "Quota exhausted", zh: "额度已用尽" },
    hint: {
      en: "The account has no quota or credit left (billing, not speed): waiting will not fix it; add credit or raise the limit in billing settings.",
      zh: "账户额度或余额已用尽（是计费问题，不是速率问题）：等待无法恢复，请充值或在账单设置中提高额度。",
    },
  },
  rate_limited: {
    title: { en: "Rate limited", zh: "触发限速" },
    hint: {
      en: "Too many requests or tokens per minute: wait for the reset (see retry-after) or lower the request rate.",
      zh: "每分钟请求数或 token 数超限：请等待限额重置（见 retry-after）或降低请求频率。",
    },
  },
  server_error: {
    title: { en: "API server error", zh: "API 服务端错误" },
    hint: {
      en: "The API itself failed or is overloaded (5xx): nothing is wrong on your side; retry later.",
      zh: "API 服务端出错或过载（5xx）：问题不在你这边，请稍后重试。",
    },
  },
  unexpected_response: {
    title: { en: "Unexpected response", zh: "异常响应" },
    hint: {
      en: "The answer is not a usable answer: something other than the API answered (an HTML page, captive portal or wrong endpoint), or the server said OK but sent no choices or no model list. Check the base URL (usually ending in /v1), what sits between you and the API, and that the server really implements this endpoint.",
      zh: "收到的不是可用的应答：应答的不是 API 本身（HTML 页面、认证门户或错误的接口），或服务器返回成功却没有 choices 或模型列表。请检查 Base URL（通常以 /v1 结尾）、你与 API 之间的网络设备，以及该服务器是否真正实现了此接口。",
    },
  },
  unknown: {
    title: { en: "Unknown error", zh: "未知错误" },
    hint: {
      en: "An unclassified error occurred: see the message and the logs for the raw error chain.",
      zh: "发生了未归类的错误：请查看错误信息和日志中的原始错误链。",
    },
  },
  stream_buffered: {
    title: { en: "Stream buffered", zh: "流式输出被缓冲" },
    hint: {
      en: "The API streamed its answer, but it reached you in one burst at the end: a proxy, CDN or gateway in between buffers the events, so chat apps freeze and then print everything at once. Turn buffering off for this path: nginx `proxy_buffering off;` (or the upstream header `X-Accel-Buffering: no`), no response compression or body rewriting on text/event-stream, Cloudflare and other CDNs not caching or transforming it; in a one-api/new-api style gateway, enable streaming pass-through for the channel; or route around the buffering hop.",
      zh: "API 是流式输出的，但到达你这里时已合并成最后的一次性数据：中间的代理、CDN 或网关缓冲了事件，聊天应用会先卡住再一次性显示全部内容。请为该路径关闭缓冲：nginx 设置 `proxy_buffering off;`（或由上游返回 `X-Accel-Buffering: no` 头），不要对 text/event-stream 压缩或改写响应体，CDN（如 Cloudflare）不要缓存或转换它；one-api/new-api 类网关请为该渠道开启流式透传；或者绕开这一缓冲环节。",
    },
  },
  stream_interrupted: {
    title: { en: "Stream interrupted", zh: "流式输出中断" },
    hint: {
      en: "The stream began but ended before the API's own end of the answer ([DONE], message_stop, a finish reason): a proxy or gateway with an idle or total timeout shorter than the answer cut it, or the connection dropped. Raise the proxy's timeouts for streaming (nginx `proxy_read_timeout`, a CDN's idle timeout, the proxy node's connection limits) or try another node.",
      zh: "流已开始，但在 API 自己的结束标志（[DONE]、message_stop、finish reason）之前就结束了：中间的代理或网关的空闲/总超时短于这次应答而将其切断，或连接断开。请调大代理对流式请求的超时（nginx `proxy_read_timeout`、CDN 的空闲超时、代理节点的连接限制），或换一个节点。",
    },
  },
  slow: {
  title: { en: "Slow (over its latency threshold)", zh: "缓慢（超过延迟阈值）" },
  hint: {
    en: "The route answers, but the p95 of its recent successful probes is above the latency threshold set for it: look at the latency chart's phases (tunnel and TLS point at the proxy, waiting at the API), or raise the threshold if this speed is normal.",
    zh: "线路可以应答，但最近成功探测的 p95 延迟高于为其设置的阈值：请查看延迟图中的各阶段（隧道和 TLS 指向代理，等待指向 API）；如果这个速度属于正常，请调高阈值。",
  },
  },
} as const satisfies Record<RouteEventKind, KindText>;

/** The texts of a kind; a kind this version does not know reads as "unknown". */
export function kindTexts(kind: string | null): KindText {
  return kind !== null && Object.hasOwn(KIND_TEXTS, kind) ? KIND_TEXTS[kind as RouteEventKind] : KIND_TEXTS.unknown;
}

/** A kind's hint in every language, as results and alerts carry it. */
export function kindHints(kind: string | null): Record<Lang, string> {
  return { ...kindTexts(kind).hint };
}

/** Whether this version knows the kind (a stored kind may come from a newer one). */
export function isKnownKind(kind: string | null): kind is RouteEventKind {
  return kind !== null && Object.hasOwn(KIND_TEXTS, kind);
}
