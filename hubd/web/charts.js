// Drawing: the mesh as a canvas force graph (hub, agents, peer hubs),
// analytics as SVG charts.
(() => {
  "use strict";
  const M = (window.M3 = window.M3 || {});
  const COLORS = { hub: "#c084fc", online: "#34d399", busy: "#f5a524", offline: "#f87171", draining: "#7cb8ff" };
  /// Peer hubs by the status the federation pass last saw.
  const PEER_COLORS = { online: "#34d399", unreachable: "#f5a524", refused: "#f87171", unknown: "#a3acc0" };
  M.PEER_COLORS = PEER_COLORS;
  const SVG = "http://www.w3.org/2000/svg";

  function hash(s) {
    let x = 0;
    for (let i = 0; i < s.length; i++) x = (x * 31 + s.charCodeAt(i)) >>> 0;
    return x;
  }

  /// The mesh's nodes around the hub: its agents, and the peer hubs it
  /// relays to (when the viewer may see them) in place of their agent
  /// entries (`peer-NAME`, which hold the tasks relayed to them).
  M.meshNodes = () => {
    const peers = M.S.peers || [];
    const entries = new Set(peers.map((p) => p.agent_id));
    const nodes = [];
    for (const a of M.S.agents.values()) {
      if (entries.has(a.id)) continue;
      const status = a.status === "offline" ? "offline" : M.activeTasks(a) > 0 ? "busy" : a.status === "draining" ? "draining" : "online";
      nodes.push({ key: a.id, kind: "agent", label: a.name || a.id, status, color: COLORS[status], size: a.max_concurrent || 1, holds: a.id, ring: 0 });
    }
    for (const p of peers) {
      const free = Object.values(p.capacity || {}).reduce((n, v) => n + Math.max(0, v), 0);
      const status = PEER_COLORS[p.status] ? p.status : "unknown";
      nodes.push({ key: "peer:" + p.name, kind: "peer", label: p.name, status, color: PEER_COLORS[status], size: Math.max(1, free), holds: p.agent_id, ring: 1 });
    }
    return nodes;
  };

  /// A force graph of the hub, its agents and peers on `canvas`: nodes
  /// coloured by status and sized by slots (a peer by its free slots), each
  /// running task a particle travelling between the hub and the node that
  /// holds it. Slowly turns on its own.
  M.mesh = (canvas) => {
    const ctx = canvas.getContext("2d");
    const pos0 = new Map(); // key -> {x, y, vx, vy}
    let frame = 0;
    let stopped = false;
    let angle = 0;
    M.meshFrames = 0;

    function size() {
      const dpr = window.devicePixelRatio || 1;
      const w = canvas.clientWidth;
      const hgt = canvas.clientHeight;
      if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
      if (canvas.height !== Math.round(hgt * dpr)) canvas.height = Math.round(hgt * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      return [w, hgt];
    }

    function sync() {
      const list = M.meshNodes();
      const keys = new Set();
      for (const n of list) {
        keys.add(n.key);
        if (!pos0.has(n.key)) {
          const t = (hash(n.key) % 628) / 100;
          const r = n.ring ? 220 : 120;
          pos0.set(n.key, { x: Math.cos(t) * r, y: Math.sin(t) * r, vx: 0, vy: 0 });
        }
      }
      for (const k of pos0.keys()) if (!keys.has(k)) pos0.delete(k);
      return list;
    }

    function step(list) {
      const items = list.map((n) => [n, pos0.get(n.key)]);
      for (const [n, p] of items) {
        // Spring towards a ring round the hub (peers further out),
        // repelled by the others.
        const d = Math.hypot(p.x, p.y) || 1;
        const want = (n.ring ? 210 : 110) + 12 * Math.sqrt(n.size);
        p.vx += (-(p.x / d) * (d - want)) * 0.02;
        p.vy += (-(p.y / d) * (d - want)) * 0.02;
        for (const [, o] of items) {
          if (o === p) continue;
          const dx = p.x - o.x;
          const dy = p.y - o.y;
          const dd = Math.max(dx * dx + dy * dy, 100);
          p.vx += (dx / dd) * 150;
          p.vy += (dy / dd) * 150;
        }
        p.vx *= 0.82;
        p.vy *= 0.82;
        p.x += p.vx;
        p.y += p.vy;
      }
    }

    function draw(now) {
      if (stopped) return;
      const [w, hgt] = size();
      const list = sync();
      step(list);
      angle += 0.0015;
      const cx = w / 2;
      const cy = hgt / 2;
      // Fit the farthest node (and its label) inside the canvas.
      let far = 1;
      for (const p of pos0.values()) far = Math.max(far, Math.hypot(p.x, p.y));
      const scale = Math.min(1.8, (Math.min(w, hgt) / 2 - 36) / far);
      const pos = (p) => {
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        return [cx + (p.x * c - p.y * s) * scale, cy + (p.x * s + p.y * c) * scale];
      };
      const at = new Map(list.map((n) => [n.holds, pos(pos0.get(n.key))]));
      ctx.clearRect(0, 0, w, hgt);
      // Edges: solid to agents, dashed to peer hubs.
      for (const n of list) {
        const [x, y] = pos(pos0.get(n.key));
        const g = ctx.createLinearGradient(cx, cy, x, y);
        g.addColorStop(0, "rgba(192,132,252,0.55)");
        g.addColorStop(1, n.kind === "peer" ? n.color : n.status === "offline" ? "rgba(248,113,113,0.25)" : "rgba(52,211,153,0.45)");
        ctx.strokeStyle = g;
        ctx.lineWidth = 1.5;
        ctx.setLineDash(n.kind === "peer" ? [6, 5] : []);
        ctx.beginPath();
        ctx.moveTo(cx, cy);
        ctx.lineTo(x, y);
        ctx.stroke();
      }
      ctx.setLineDash([]);
      // Running tasks as particles along the edge of the node holding them.
      for (const t of M.S.tasks.values()) {
        if (!(t.status === "running" || t.status === "assigned") || !at.has(t.assigned_to)) continue;
        const [x, y] = at.get(t.assigned_to);
        const p = ((now / 1400 + (hash(t.id) % 100) / 100) % 1);
        const px = cx + (x - cx) * p;
        const py = cy + (y - cy) * p;
        ctx.shadowColor = "#f5a524";
        ctx.shadowBlur = 14;
        ctx.fillStyle = "#ffd58a";
        ctx.beginPath();
        ctx.arc(px, py, 3.5, 0, Math.PI * 2);
        ctx.fill();
      }
      // Nodes: circles for the hub and agents, diamonds for peer hubs.
      const node = (x, y, r, color, label, diamond) => {
        ctx.shadowColor = color;
        ctx.shadowBlur = 18;
        ctx.fillStyle = color;
        ctx.beginPath();
        if (diamond) {
          ctx.moveTo(x, y - r * 1.25);
          ctx.lineTo(x + r * 1.25, y);
          ctx.lineTo(x, y + r * 1.25);
          ctx.lineTo(x - r * 1.25, y);
          ctx.closePath();
        } else ctx.arc(x, y, r, 0, Math.PI * 2);
        ctx.fill();
        ctx.shadowBlur = 0;
        ctx.fillStyle = "#0b0d12";
        ctx.beginPath();
        ctx.arc(x, y, r * 0.45, 0, Math.PI * 2);
        ctx.fill();
        ctx.fillStyle = "#e6e9f0";
        ctx.font = "12px " + getComputedStyle(document.body).fontFamily;
        ctx.textAlign = "center";
        ctx.fillText(label, x, y + r * (diamond ? 1.25 : 1) + 15);
      };
      node(cx, cy, 16, COLORS.hub, "hub");
      for (const n of list) {
        const [x, y] = pos(pos0.get(n.key));
        node(x, y, 7 + 3 * Math.sqrt(n.size), n.color, n.label, n.kind === "peer");
      }
      ctx.shadowBlur = 0;
      M.meshFrames = (M.meshFrames || 0) + 1;
      frame = requestAnimationFrame(draw);
    }
    frame = requestAnimationFrame(draw);
    return {
      update() {},
      stop() {
        stopped = true;
        cancelAnimationFrame(frame);
      },
    };
  };

  function svg(tag, attrs, text) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function empty() {
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = "No data yet.";
    return p;
  }

  /// Horizontal bars, one per [label, value].
  M.bars = (entries, color) => {
    if (!entries.length) return empty();
    const rowH = 24;
    const w = 420;
    const hgt = entries.length * rowH + 8;
    const max = Math.max(...entries.map(([, v]) => v), 1);
    const root = svg("svg", { class: "chart", viewBox: `0 0 ${w} ${hgt}`, role: "img" });
    root.appendChild(svg("title", {}, entries.map(([k, v]) => k + ": " + v).join(", ")));
    entries.forEach(([label, v], i) => {
      const y = 4 + i * rowH;
      root.appendChild(svg("text", { x: 0, y: y + 15 }, String(label).slice(0, 16)));
      root.appendChild(svg("rect", { x: 130, y: y + 3, width: Math.max(2, (230 * v) / max), height: 15, rx: 4, fill: color }));
      root.appendChild(svg("text", { x: 136 + (230 * v) / max, y: y + 15 }, String(v)));
    });
    return root;
  };

  /// A line over [day, value] pairs in order.
  M.line = (entries, color, fmt) => {
    if (!entries.length) return empty();
    const w = 420;
    const hgt = 160;
    const max = Math.max(...entries.map(([, v]) => v), 0.0001);
    const step = entries.length > 1 ? (w - 40) / (entries.length - 1) : 0;
    const pts = entries.map(([, v], i) => [20 + i * step, 130 - (110 * v) / max]);
    const root = svg("svg", { class: "chart", viewBox: `0 0 ${w} ${hgt}`, role: "img" });
    root.appendChild(svg("title", {}, entries.map(([k, v]) => k + ": " + fmt(v)).join(", ")));
    root.appendChild(svg("line", { x1: 20, y1: 130, x2: w - 20, y2: 130, stroke: "#2a3245" }));
    root.appendChild(svg("polyline", { points: pts.map((p) => p.join(",")).join(" "), fill: "none", stroke: color, "stroke-width": 2.5 }));
    pts.forEach(([x, y]) => root.appendChild(svg("circle", { cx: x, cy: y, r: 3.5, fill: color })));
    root.appendChild(svg("text", { x: 20, y: 150 }, entries[0][0]));
    root.appendChild(svg("text", { x: w - 20, y: 150, "text-anchor": "end" }, entries[entries.length - 1][0]));
    root.appendChild(svg("text", { x: 20, y: 14 }, "max " + fmt(max)));
    return root;
  };
})();
