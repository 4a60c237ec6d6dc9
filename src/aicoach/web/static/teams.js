// Teams pages: drawn from the teams API in the browser (no server-side team view yet).
(function () {
  "use strict";

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function row(cells, header) {
    var tr = el("tr");
    cells.forEach(function (cell) { tr.appendChild(el(header ? "th" : "td", cell)); });
    return tr;
  }

  function shown(value) { return value === null || value === undefined ? "—" : value; }

  async function teamList(a) {
    var list = document.getElementById("team-list");
    if (!list) return;
    try {
      var teams = await a.apiJson("GET", "/teams");
      list.textContent = "";
      teams.forEach(function (team) {
        var item = el("li");
        var link = el("a", team.name);
        link.href = "/teams/" + team.id;
        item.appendChild(link);
        list.appendChild(item);
      });
      if (!teams.length) list.appendChild(el("li", "—"));
    } catch (error) { list.textContent = error.message; }
    [["team-create", "/teams"], ["team-join", "/teams/join"]].forEach(function (pair) {
      var form = document.getElementById(pair[0]);
      form.addEventListener("submit", async function (event) {
        event.preventDefault();
        try {
          var team = await a.apiJson("POST", pair[1], a.formObject(form));
          window.location.assign("/teams/" + team.id);
        } catch (error) { a.say(document.getElementById(pair[0] + "-message"), error.message, "error"); }
      });
    });
  }

  async function teamDetail(a, box) {
    var id = box.getAttribute("data-team-id");
    var labels = JSON.parse(box.getAttribute("data-labels"));
    var path = "/teams/" + id;
    try {
      var team = await a.apiJson("GET", path);
      document.getElementById("team-name").textContent = team.name;
      if (team.invite_code) document.getElementById("team-code").textContent = team.invite_code;
      var table = document.getElementById("team-members");
      table.textContent = "";
      var members = team.members || [];
      var keys = members.length ? Object.keys(members[0]).filter(function (k) { return !/_id$|^id$/.test(k); }) : [];
      table.appendChild(row(keys, true));
      members.forEach(function (m) { table.appendChild(row(keys.map(function (k) { return shown(m[k]); }))); });
      await challenges(a, path, labels);
      await feed(a, path, labels);
    } catch (error) { a.say(document.getElementById("team-message"), error.message, "error"); }
    var form = document.getElementById("challenge-form");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var body = a.formObject(form);
      body.target = Number(body.target);
      try { await a.apiJson("POST", path + "/challenges", body); form.reset(); await challenges(a, path, labels); }
      catch (error) { a.say(document.getElementById("challenge-message"), error.message, "error"); }
    });
    document.getElementById("team-leave").addEventListener("click", async function () {
      try { await a.apiJson("POST", path + "/leave"); window.location.assign("/teams"); }
      catch (error) { a.say(document.getElementById("team-message"), error.message, "error"); }
    });
  }

  async function challenges(a, path, labels) {
    var box = document.getElementById("team-challenges");
    box.textContent = "";
    var items = await a.apiJson("GET", path + "/challenges");
    for (var i = 0; i < items.length; i += 1) {
      var c = items[i];
      box.appendChild(el("h3", c.title + " · " + c.kind + " · " + c.week_start + " · " + c.target));
      var board = await a.apiJson("GET", path + "/challenges/" + c.id + "/leaderboard");
      var entries = Array.isArray(board) ? board : (board.entries || []);
      var list = el("ol");
      list.setAttribute("aria-label", labels.leaderboard);
      entries.forEach(function (e) {
        list.appendChild(el("li", shown(e.name || e.athlete_name) + ": " + shown(e.value !== undefined ? e.value : e.progress)));
      });
      box.appendChild(list);
    }
  }

  async function feed(a, path, labels) {
    var list = document.getElementById("team-feed");
    list.textContent = "";
    var items = await a.apiJson("GET", path + "/feed");
    items.forEach(function (item) {
      var activityId = item.activity_id || item.id;
      var li = el("li");
      li.appendChild(el("div", shown(item.athlete_name || item.name) + " · " + shown(item.sport) + " · " + shown(item.start_time)));
      var kudos = el("button", labels.kudos + " (" + shown(item.kudos_count) + ")", "secondary");
      kudos.type = "button";
      kudos.addEventListener("click", async function () {
        try { await a.apiJson("POST", path + "/activities/" + activityId + "/kudos"); await feed(a, path, labels); }
        catch (error) { li.appendChild(el("p", error.message, "notice error")); }
      });
      li.appendChild(kudos);
      var form = el("form");
      var input = el("input");
      input.name = "text";
      input.required = true;
      input.maxLength = 500;
      input.setAttribute("aria-label", labels.comment);
      form.appendChild(input);
      var send = el("button", labels.send + " (" + shown(item.comment_count) + ")");
      send.type = "submit";
      form.appendChild(send);
      form.addEventListener("submit", async function (event) {
        event.preventDefault();
        try { await a.apiJson("POST", path + "/activities/" + activityId + "/comments", { text: input.value }); await feed(a, path, labels); }
        catch (error) { li.appendChild(el("p", error.message, "notice error")); }
      });
      li.appendChild(form);
      list.appendChild(li);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var a = window.aicoach;
    if (!a) return;
    var box = document.getElementById("team");
    if (box) teamDetail(a, box); else teamList(a);
  });
})();
