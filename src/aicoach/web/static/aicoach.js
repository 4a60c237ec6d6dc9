// aicoach dashboard: charts, the CSRF header, and the few pages that talk to the JSON API.
(function () {
  "use strict";

  function meta(name) {
    var tag = document.querySelector('meta[name="' + name + '"]');
    return tag ? tag.getAttribute("content") : "";
  }
  var csrf = meta("csrf-token");
  var athleteId = meta("athlete-id");
  var base = "/api/v1";

  // Every HTMX request carries the session's CSRF token.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrf;
  });
  document.addEventListener("htmx:responseError", function (event) {
    var target = event.detail.target;
    var box = document.createElement("p");
    box.className = "notice error";
    box.setAttribute("role", "alert");
    box.textContent = errorText(event.detail.xhr.responseText, event.detail.xhr.status);
    if (target) target.appendChild(box);
  });

  function errorText(body, status) {
    try {
      var parsed = JSON.parse(body);
      if (typeof parsed.detail === "string") return parsed.detail;
      if (Array.isArray(parsed.detail)) return parsed.detail.map(function (d) { return d.msg; }).join("; ");
    } catch (ignored) { /* not JSON */ }
    return "HTTP " + status;
  }

  function api(method, path, body) {
    var options = { method: method, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(base + path, options);
  }

  async function apiJson(method, path, body) {
    var response = await api(method, path, body);
    var text = await response.text();
    if (!response.ok) throw new Error(errorText(text, response.status));
    return text ? JSON.parse(text) : null;
  }

  function say(element, text, kind) {
    if (!element) return;
    element.textContent = text;
    element.className = "notice " + (kind || "");
    element.hidden = false;
  }

  function formObject(form) {
    var result = {};
    new FormData(form).forEach(function (value, key) {
      if (value !== "") result[key] = value;
    });
    return result;
  }

  // Charts: JSON embedded next to each plot, drawn by the local Plotly.
  function drawCharts(root) {
    if (!window.Plotly) return;
    (root || document).querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById("chart-" + element.getAttribute("data-chart"));
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      var layout = figure.layout || {};
      delete layout.width;
      delete layout.title; // the card's heading names the chart
      layout.autosize = true;
      if (element.clientWidth < 600) {
        layout.legend = { orientation: "h", x: 0, y: -0.2, yanchor: "top" };
        layout.margin = Object.assign({}, layout.margin, { t: 20 });
      }
      window.Plotly.newPlot(element, figure.data, layout, { responsive: true, displaylogo: false });
    });
  }

  // Login and registration post to the API, then move on.
  function wireAccountForms() {
    var login = document.getElementById("login-form");
    if (login) login.addEventListener("submit", async function (event) {
      event.preventDefault();
      try {
        await apiJson("POST", "/auth/login", formObject(login));
        window.location.assign(login.getAttribute("data-next") || "/");
      } catch (error) { say(document.getElementById("login-message"), error.message, "error"); }
    });
    var register = document.getElementById("register-form");
    if (register) register.addEventListener("submit", async function (event) {
      event.preventDefault();
      var body = formObject(register);
      try {
        await apiJson("POST", "/auth/register", body);
        await apiJson("POST", "/auth/login", { email: body.email, password: body.password });
        window.location.assign("/");
      } catch (error) { say(document.getElementById("register-message"), error.message, "error"); }
    });
    var logout = document.getElementById("logout");
    if (logout) logout.addEventListener("click", async function () {
      await api("POST", "/auth/logout");
      window.location.assign("/login");
    });
  }

  // Chat: the reply arrives as Server-Sent Events over a POST, read piece by piece.
  function sseEvents(buffer) {
    var events = [];
    var parts = buffer.split(/\r?\n\r?\n/);
    var rest = parts.pop();
    parts.forEach(function (block) {
      var name = "message";
      var data = [];
      block.split(/\r?\n/).forEach(function (line) {
        if (line.indexOf("event:") === 0) name = line.slice(6).trim();
        else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
      });
      events.push({ name: name, data: data.join("\n") });
    });
    return { events: events, rest: rest };
  }

  function tokenText(data) {
    try {
      var value = JSON.parse(data);
      if (typeof value === "string") return value;
      if (value && typeof value === "object") return value.text || value.token || value.delta || "";
    } catch (ignored) { /* plain text */ }
    return data;
  }

  function wireChat() {
    var form = document.getElementById("chat-form");
    if (!form) return;
    var log = document.getElementById("chat-log");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var input = form.querySelector("[name=message]");
      var message = input.value.trim();
      if (!message) return;
      input.value = "";
      var mine = document.createElement("p");
      mine.className = "from-you";
      mine.textContent = form.getAttribute("data-you") + ": " + message;
      log.appendChild(mine);
      var reply = document.createElement("p");
      reply.className = "from-coach";
      reply.setAttribute("data-state", "streaming");
      log.appendChild(reply);
      try {
        var response = await api("POST", "/athletes/" + athleteId + "/chat", { message: message });
        if (!response.ok || !response.body) throw new Error(errorText(await response.text(), response.status));
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        for (;;) {
          var chunk = await reader.read();
          if (chunk.done) break;
          buffer += decoder.decode(chunk.value, { stream: true });
          var parsed = sseEvents(buffer);
          buffer = parsed.rest;
          parsed.events.forEach(function (item) {
            if (item.name === "token" || item.name === "message") reply.textContent += tokenText(item.data);
            if (item.name === "done") {
              try {
                var done = JSON.parse(item.data);
                var text = done.reply || done.text;
                if (typeof text === "string" && !reply.textContent) reply.textContent = text;
              } catch (ignored) { /* keep the streamed text */ }
            }
            if (item.name === "error") reply.textContent += " [" + tokenText(item.data) + "]";
          });
          log.scrollTop = log.scrollHeight;
        }
        reply.setAttribute("data-state", "done");
      } catch (error) {
        reply.textContent = error.message;
        reply.setAttribute("data-state", "error");
      }
    });
  }

  // Upload: send the file, then poll the job for its progress.
  function wireUpload() {
    var form = document.getElementById("upload-form");
    if (!form) return;
    var bar = document.getElementById("upload-progress");
    var message = document.getElementById("upload-message");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      bar.value = 0;
      bar.hidden = false;
      try {
        var job = await apiJson("POST", "/athletes/" + athleteId + "/uploads", new FormData(form));
        for (;;) {
          var total = job.files_total || 0;
          bar.max = Math.max(total, 1);
          bar.value = job.files_done || 0;
          say(message, job.status + ": " + (job.files_done || 0) + " / " + (total || "?"), "");
          if (job.status === "done" || job.status === "failed" || job.status === "finished") break;
          await new Promise(function (resolve) { setTimeout(resolve, 500); });
          job = await apiJson("GET", "/athletes/" + athleteId + "/uploads/" + job.id);
        }
        var outcomes = (job.outcomes || []).map(function (o) {
          return (o.file || o.path || o.name || "") + " " + (o.status || "") + (o.error ? " (" + o.error + ")" : "");
        });
        say(message, job.status + ": " + outcomes.join("; "), job.status === "failed" ? "error" : "ok");
        form.setAttribute("data-job-status", job.status);
      } catch (error) { say(message, error.message, "error"); }
    });
  }

  // Settings: profile, account deletion and privacy zones go to the JSON API.
  function wireSettings() {
    var profile = document.getElementById("profile-form");
    if (profile) profile.addEventListener("submit", async function (event) {
      event.preventDefault();
      var body = {};
      new FormData(profile).forEach(function (value, key) {
        if (value === "") return;
        body[key] = key === "name" || key === "sex" || key === "timezone" ? value : Number(value);
      });
      try {
        await apiJson("PATCH", "/athletes/" + athleteId + "/profile", body);
        say(document.getElementById("profile-message"), profile.getAttribute("data-saved"), "ok");
      } catch (error) { say(document.getElementById("profile-message"), error.message, "error"); }
    });
    var erase = document.getElementById("erase-form");
    if (erase) erase.addEventListener("submit", async function (event) {
      event.preventDefault();
      try {
        await apiJson("POST", "/me/erase", formObject(erase));
        window.location.assign("/login");
      } catch (error) { say(document.getElementById("erase-message"), error.message, "error"); }
    });
    var zones = document.getElementById("zones");
    if (zones) loadZones(zones);
    var zoneForm = document.getElementById("zone-form");
    if (zoneForm) zoneForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      var body = formObject(zoneForm);
      ["latitude_deg", "longitude_deg", "radius_m"].forEach(function (key) { body[key] = Number(body[key]); });
      try {
        await apiJson("POST", "/athletes/" + athleteId + "/privacy-zones", body);
        zoneForm.reset();
        loadZones(zones);
      } catch (error) { say(document.getElementById("zone-message"), error.message, "error"); }
    });
  }

  async function loadZones(list) {
    try {
      var items = await apiJson("GET", "/athletes/" + athleteId + "/privacy-zones");
      list.textContent = "";
      items.forEach(function (zone) {
        var item = document.createElement("li");
        item.textContent = zone.name + " (" + zone.latitude_deg + ", " + zone.longitude_deg + ", " + zone.radius_m + " m) ";
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "secondary";
        remove.textContent = list.getAttribute("data-remove");
        remove.addEventListener("click", async function () {
          await api("DELETE", "/athletes/" + athleteId + "/privacy-zones/" + zone.id);
          loadZones(list);
        });
        item.appendChild(remove);
        list.appendChild(item);
      });
    } catch (error) { list.textContent = error.message; }
  }

  // Coach roster: invite an athlete by e-mail.
  function wireCoach() {
    var form = document.getElementById("invite-form");
    if (form) form.addEventListener("submit", async function (event) {
      event.preventDefault();
      try {
        await apiJson("POST", "/coaching/invitations", formObject(form));
        say(document.getElementById("invite-message"), form.getAttribute("data-sent"), "ok");
      } catch (error) { say(document.getElementById("invite-message"), error.message, "error"); }
    });
  }

  window.aicoach = { api: api, apiJson: apiJson, say: say, formObject: formObject, drawCharts: drawCharts };

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    wireAccountForms();
    wireChat();
    wireUpload();
    wireSettings();
    wireCoach();
  });
})();
