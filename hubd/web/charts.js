// Drawing: the mesh as a canvas force graph, analytics as SVG charts.
(() => {
  "use strict";
  const M = (window.M3 = window.M3 || {});
  const COLORS = { hub: "#c084fc", online: "#34d399", busy: "#f5a524", offline: "#f87171", draining: "#7cb8ff" };
  const SVG = "http://www.w3.org/2000/svg";

  function hash(s) {
    let x = 0;
    for (let i = 0; i < s.length; i++) x = (x * 31 + s.charCodeAt(i)) >>> 0;
    return x;
  }

  /// A force graph of the hub and its agents on `canvas`: nodes coloured by
  /// status and sized by slots, each running task a particle travelling
  /// between the hub and its agent. Slowly turns on its own.
  M.mesh = (canvas) => {
    const ctx = canvas.getContext("2d");
    const nodes = new Map(); // id -> {x, y, vx, vy}
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
      const agents = [...M.S.agents.values()];
      for (const a of agents) {
        if (!nodes.has(a.id)) {
          const t = (hash(a.id) % 628) / 100;
          nodes.set(a.id, { x: Math.cos(t) * 120, y: Math.sin(t) * 120, vx: 0, vy: 0 });
        }
      }
      for (const id of nodes.keys()) if (!M.S.agents.has(id)) nodes.delete(id);
      return agents;
    }

    function step(agents) {
      const list = agents.map((a) => [a, nodes.get(a.id)]);
      for (const [a, n] of list) {
        // Spring towards a ring round the hub, repelled by the others.
        const d = Math.hypot(n.x, n.y) || 1;
        const want = 110 + 12 * Math.sqrt(a.max_concurrent || 1);
        n.vx += (-(n.x / d) * (d - want)) * 0.02;
        n.vy += (-(n.y / d) * (d - want)) * 0.02;
        for (const [, o] of list) {
          if (o === n) continue;
          const dx = n.x - o.x;
          const dy = n.y - o.y;
          const dd = Math.max(dx * dx + dy * dy, 100);
          n.vx += (dx / dd) * 150;
          n.vy += (dy / dd) * 150;
        }
        n.vx *= 0.82;
        n.vy *= 0.82;
        n.x += n.vx;
        n.y += n.vy;
      }
    }

    function draw(now) {
      if (stopped) return;
      const [w, hgt] = size();
      const agents = sync();
      step(agents);
      angle += 0.0015;
      const cx = w / 2;
      const cy = hgt / 2;
      // Fit the farthest node (and its label) inside the canvas.
      let far = 1;
      for (const n of nodes.values()) far = Math.max(far, Math.hypot(n.x, n.y));
      const scale = Math.min(1.8, (Math.min(w, hgt) / 2 - 36) / far);
      const pos = (n) => {
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        return [cx + (n.x * c - n.y * s) * scale, cy + (n.x * s + n.y * c) * scale];
      };
      ctx.clearRect(0, 0, w, hgt);
      // Edges
      for (const a of agents) {
        const [x, y] = pos(nodes.get(a.id));
        const g = ctx.createLinearGradient(cx, cy, x, y);
        g.addColorStop(0, "rgba(192,132,252,0.55)");
        g.addColorStop(1, a.status === "offline" ? "rgba(248,113,113,0.25)" : "rgba(52,211,153,0.45)");
        ctx.strokeStyle = g;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(cx, cy);
        ctx.lineTo(x, y);
        ctx.stroke();
      }
      // Running tasks as particles along their agent's edge.
      for (const t of M.S.tasks.values()) {
        if (!(t.status === "running" || t.status === "assigned") || !nodes.has(t.assigned_to)) continue;
        const [x, y] = pos(nodes.get(t.assigned_to));
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
      // Nodes
      const node = (x, y, r, color, label) => {
        ctx.shadowColor = color;
        ctx.shadowBlur = 18;
        ctx.fillStyle = color;
        ctx.beginPath();
        ctx.arc(x, y, r, 0, Math.PI * 2);
        ctx.fill();
        ctx.shadowBlur = 0;
        ctx.fillStyle = "#0b0d12";
        ctx.beginPath();
        ctx.arc(x, y, r * 0.45, 0, Math.PI * 2);
        ctx.fill();
        ctx.fillStyle = "#e6e9f0";
        ctx.font = "12px " + getComputedStyle(document.body).fontFamily;
        ctx.textAlign = "center";
        ctx.fillText(label, x, y + r + 15);
      };
      node(cx, cy, 16, COLORS.hub, "hub");
      for (const a of agents) {
        const [x, y] = pos(nodes.get(a.id));
        const status = a.status === "offline" ? "offline" : M.activeTasks(a) > 0 ? "busy" : a.status === "draining" ? "draining" : "online";
        node(x, y, 7 + 3 * Math.sqrt(a.max_concurrent || 1), COLORS[status], a.name || a.id);
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
