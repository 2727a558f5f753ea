/// The dashboard's stylesheet and its one script, served from the binary: no CDN, no internet needed.
enum AdminAssets {
    static let stylesheet = """
        :root { --green: #128c7e; --light: #e7f6f3; --ink: #1d2b2a; --muted: #5f6f6d; --line: #d8e2e0;
          --warn: #b3261e; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f6f8f8; }
        header { background: var(--green); color: white; }
        nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; padding: .6rem 1rem;
          max-width: 72rem; margin: 0 auto; }
        nav a { color: white; text-decoration: none; padding: .2rem 0; }
        nav a[aria-current] { border-bottom: 2px solid white; }
        .brand { margin-right: 1rem; }
        .logout { margin-left: auto; }
        .logout button { background: transparent; color: white; border: 1px solid white; }
        .badge { background: var(--warn); color: white; border-radius: 1rem; padding: 0 .45rem; margin-left: .3rem;
          font-size: .8rem; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.4rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: .75rem; }
        .card { background: white; border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; }
        .card .value { font-size: 1.5rem; font-weight: 600; }
        .card .label { color: var(--muted); font-size: .85rem; }
        .ok { color: var(--green); } .bad { color: var(--warn); }
        table { width: 100%; border-collapse: collapse; background: white; border: 1px solid var(--line); }
        th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: .85rem; color: var(--muted); font-weight: 600; }
        td.preview { color: var(--muted); max-width: 28rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        form.inline { display: inline; }
        input, textarea, select, button { font: inherit; padding: .45rem .6rem; border-radius: .4rem;
          border: 1px solid var(--line); }
        button { background: var(--green); color: white; border: 0; cursor: pointer; }
        button.danger { background: var(--warn); }
        button.secondary { background: white; color: var(--ink); border: 1px solid var(--line); }
        textarea.wide { width: 100%; }
        .search { display: flex; gap: .5rem; margin-bottom: 1rem; }
        .search input { flex: 1; }
        .controls { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; }
        .notice { background: var(--light); border: 1px solid var(--green); padding: .6rem; border-radius: .4rem; }
        .error { background: #fdecea; border: 1px solid var(--warn); padding: .6rem; border-radius: .4rem; }
        .banner { background: #fff8e1; border-bottom: 1px solid #f0c36d; padding: .6rem 1rem; }
        .timeline { display: flex; flex-direction: column; gap: .5rem; }
        .bubble { max-width: min(36rem, 85%); padding: .5rem .7rem; border-radius: .6rem; background: white;
          border: 1px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
        .bubble.out { align-self: flex-end; background: #dcf8c6; }
        .bubble.operator { background: #fff4c2; }
        .bubble.notice { background: #eef1f1; }
        .meta { display: block; color: var(--muted); font-size: .75rem; margin-top: .25rem; white-space: normal; }
        .pager { display: flex; gap: 1rem; margin-top: 1rem; }
        ol.knowledge-used { margin: .2rem 0 0; padding-left: 1.2rem; }
        .passages { padding-left: 1.5rem; }
        .passage { margin-bottom: .75rem; }
        .passage .meta { margin: 0 0 .25rem; font-size: .85rem; }
        .passage-text { background: white; border: 1px solid var(--line); border-radius: .4rem; padding: .5rem .7rem;
          white-space: pre-wrap; overflow-wrap: anywhere; }
        .gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .75rem; }
        .item { background: white; border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; }
        .item .description { margin: .5rem 0 0; overflow-wrap: anywhere; }
        .item .controls { margin: .5rem 0 0; }
        .photos { display: flex; flex-wrap: wrap; gap: .3rem; }
        img.thumb { width: 7rem; height: 7rem; object-fit: cover; border-radius: .3rem; background: var(--light);
          display: block; }
        .chart { width: 100%; height: auto; background: white; border: 1px solid var(--line); border-radius: .5rem; }
        .legend span { margin-right: 1rem; font-size: .85rem; }
        .swatch-in { color: #128c7e; } .swatch-out { color: #7fb8ae; } .swatch-failed { color: #b3261e; }
        dl.settings { display: grid; grid-template-columns: minmax(12rem, auto) 1fr; gap: .3rem 1rem;
          background: white; border: 1px solid var(--line); padding: .75rem; border-radius: .5rem; }
        dl.settings dt { font-family: ui-monospace, monospace; font-size: .85rem; }
        dl.settings dd { margin: 0; font-family: ui-monospace, monospace; font-size: .85rem; overflow-wrap: anywhere; }
        .login { max-width: 22rem; margin: 15vh auto; background: white; padding: 1.5rem; border-radius: .6rem;
          border: 1px solid var(--line); display: flex; flex-direction: column; gap: .75rem; }
        .chat { display: flex; flex-direction: column; height: 70vh; background: #efeae2; border-radius: .6rem;
          border: 1px solid var(--line); }
        .chat .timeline { flex: 1; overflow-y: auto; padding: .75rem; }
        .chat form { display: flex; gap: .5rem; padding: .5rem; background: #f0f2f5; }
        .chat input[type=text] { flex: 1; }
        @media (max-width: 40rem) { th.optional, td.optional { display: none; } nav { gap: .25rem .75rem; } }
        """

    /// The playground: sends what is typed, then polls for new messages and appends them, without reloading.
    static let playgroundScript = """
        "use strict";
        (function () {
          const root = document.getElementById("playground");
          if (!root) { return; }
          const timeline = document.getElementById("chat-timeline");
          const form = document.getElementById("chat-form");
          const input = document.getElementById("chat-input");
          const csrf = root.dataset.csrf;
          const base = "/admin/playground/" + root.dataset.contact;
          let after = Number(root.dataset.after || "0");
          // A turn's tool calls under its reply, as text only (never markup).
          function toolCalls(calls) {
            const title = document.createElement("span");
            title.className = "meta";
            title.textContent = root.dataset.toolsCalled;
            const list = document.createElement("ol");
            list.className = "meta tool-calls";
            for (const call of calls) {
              const item = document.createElement("li");
              const outcome = [call.status ? "HTTP " + call.status : null, call.error || null,
                call.milliseconds + " ms", call.journal || null].filter(function (part) { return part !== null; });
              item.textContent = call.name + " " + call.arguments + " · " + outcome.join(" · ");
              list.appendChild(item);
            }
            return [title, list];
          }
          function append(message, calls) {
            const bubble = document.createElement("div");
            bubble.className = "bubble " + (message.direction === "out" ? "out" : "in");
            bubble.dataset.id = String(message.id);
            bubble.textContent = message.text || ("[" + message.kind + "]");
            if (calls) { bubble.append(...toolCalls(calls)); }
            timeline.appendChild(bubble);
            timeline.scrollTop = timeline.scrollHeight;
          }
          async function poll() {
            try {
              const response = await fetch(base + "/messages?after=" + after, { credentials: "same-origin" });
              if (response.ok) {
                const body = await response.json();
                for (const message of body.messages) {
                  if (message.id > after) { after = message.id; append(message, (body.toolCalls || {})[String(message.id)]); }
                }
              }
            } catch (error) { /* the next poll tries again */ }
          }
          form.addEventListener("submit", async function (event) {
            event.preventDefault();
            const text = input.value.trim();
            if (!text) { return; }
            input.value = "";
            await fetch(base + "/messages", {
              method: "POST", credentials: "same-origin",
              headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
              body: JSON.stringify({ text: text })
            });
            poll();
          });
          setInterval(poll, 700);
          poll();
        })();
        """
}
