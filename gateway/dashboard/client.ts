/**
 * The dashboard's own script and stylesheet, run by the browser as they are (ES2017, no build
 * step). The script talks to the graph only through the public API (POST /graphql, JSON, the
 * bearer token kept in sessionStorage) and to the exports; it asks for figures, serial numbers
 * and titles, never a person's data: `statistics` for the cards (the period and the one before),
 * the trends and the breakdowns, all filtered by the town or category clicked, and the
 * supervision list (by town; a category is applied to its 200 most overdue items).
 */
export const DASHBOARD_JS = String.raw`"use strict";
(function () {
  var S = JSON.parse(document.getElementById("dashboard-settings").textContent);
  var L = S.labels;
  var KEY = "petition-dashboard-token";
  var root = document.getElementById("dashboard");
  var signinBox = document.getElementById("signin");
  var state = {
    year: S.defaultYear,
    month: 0,
    townId: null,
    townName: null,
    category: null,
    towns: null,
    loading: 0,
  };
  var charts = [];

  var q = new URLSearchParams(location.search);
  if (/^\d{4}$/.test(q.get("year") || "")) state.year = Number(q.get("year"));
  if (/^\d{1,2}$/.test(q.get("month") || "")) state.month = Math.min(12, Number(q.get("month")));

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") el.textContent = v;
      else if (k === "onclick") el.addEventListener("click", v);
      else if (k === "onchange") el.addEventListener("change", v);
      else el.setAttribute(k, v === true ? "" : String(v));
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return el;
  }

  function token() {
    return sessionStorage.getItem(KEY);
  }

  function roleOf(t) {
    try {
      var part = t.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      var bytes = atob(part + "===".slice((part.length + 3) % 4));
      return JSON.parse(bytes).role || "?";
    } catch (e) {
      return "?";
    }
  }

  function GraphError(message, code) {
    this.message = message;
    this.code = code;
  }

  function gql(query, variables) {
    var headers = { "content-type": "application/json" };
    if (token()) headers.authorization = "Bearer " + token();
    return fetch("/graphql", {
      method: "POST",
      headers: headers,
      body: JSON.stringify({ query: query, variables: variables || {} }),
    }).then(function (res) {
      return res.json().then(
        function (body) {
          if (body.errors && body.errors.length) {
            var e = body.errors[0];
            var code = (e.extensions && e.extensions.code) || "ERROR";
            if (!body.data || code === "UNAUTHENTICATED" || code === "FORBIDDEN")
              throw new GraphError(e.message, code);
          }
          return body.data;
        },
        function () {
          throw new GraphError("图服务无应答（HTTP " + res.status + "）", "HTTP_" + res.status);
        },
      );
    });
  }

  // ---------- periods (Beijing time) ----------
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function day(y, m, d) {
    return y + "-" + pad(m) + "-" + pad(d);
  }
  function lastDay(y, m) {
    return new Date(Date.UTC(y, m, 0)).getUTCDate();
  }
  function period(y, m) {
    if (!m) return { from: day(y, 1, 1), to: day(y, 12, 31), name: y + "年" };
    return { from: day(y, m, 1), to: day(y, m, lastDay(y, m)), name: y + "年" + m + "月" };
  }
  function previousOf(y, m) {
    if (!m) return period(y - 1, 0);
    return m === 1 ? period(y - 1, 12) : period(y, m - 1);
  }

  // ---------- formatting ----------
  function num(n) {
    return n === null || n === undefined ? "—" : String(n);
  }
  function pct(r) {
    return r === null || r === undefined ? "—" : (r * 100).toFixed(1) + "%";
  }
  function change(c, word) {
    if (c === null || c === undefined) return word + "：无可比数据";
    if (Math.abs(c) < 0.0005) return word + "持平";
    return word + (c > 0 ? "上升 " : "下降 ") + (Math.abs(c) * 100).toFixed(1) + "%";
  }
  function ratio(now, before) {
    if (!before) return null;
    return (now - before) / before;
  }
  function points(now, before) {
    if (now === null || now === undefined || before === null || before === undefined) return null;
    return now - before;
  }
  function pointChange(p, word) {
    if (p === null) return word + "：无可比数据";
    if (Math.abs(p) < 0.0005) return word + "持平";
    return word + (p > 0 ? "上升 " : "下降 ") + (Math.abs(p) * 100).toFixed(1) + " 个百分点";
  }

  // ---------- sign-in ----------
  function setStatus(text, kind) {
    var el = document.getElementById("status");
    if (!el) return;
    el.textContent = text || "";
    el.className = "status" + (kind ? " " + kind : "");
  }

  function signOut() {
    sessionStorage.removeItem(KEY);
    render();
  }

  function signIn(t) {
    sessionStorage.setItem(KEY, t.trim());
    render();
  }

  function devSignIn(role) {
    return fetch(S.devTokenPath, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: role }),
    })
      .then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      })
      .then(function (body) {
        signIn(body.token);
      })
      .catch(function (e) {
        var el = document.getElementById("signin-error");
        if (el) el.textContent = "开发登录失败：" + e.message;
      });
  }

  function renderSignin() {
    signinBox.textContent = "";
    if (!token()) return;
    signinBox.appendChild(h("span", { class: "who", id: "who", text: "角色：" + roleOf(token()) }));
    signinBox.appendChild(h("button", { type: "button", id: "signout", onclick: signOut, text: "退出" }));
  }

  function signinPanel() {
    var area = h("textarea", { id: "token-input", rows: 3, placeholder: "在此粘贴令牌（Bearer 之后的部分）" });
    var panel = h("section", { class: "panel signin-panel" }, [
      h("h2", { text: "登录" }),
      h("p", { text: "粘贴身份认证系统签发的令牌。令牌只保存在本标签页（sessionStorage），关闭即失效。" }),
      area,
      h("div", {}, [
        h("button", {
          type: "button",
          id: "token-signin",
          text: "登录",
          onclick: function () {
            var t = area.value.replace(/^\s*Bearer\s+/i, "").trim();
            if (t) signIn(t);
          },
        }),
      ]),
    ]);
    if (S.devRoles) {
      var select = h(
        "select",
        { id: "dev-role" },
        S.devRoles.map(function (r) {
          return h("option", { value: r, text: r });
        }),
      );
      panel.appendChild(
        h("div", { class: "dev" }, [
          h("h3", { text: "开发环境：选择角色登录" }),
          h("p", { text: "由网关签发一小时有效的开发令牌；生产环境没有此入口。" }),
          select,
          h("button", {
            type: "button",
            id: "dev-signin",
            text: "以此角色登录",
            onclick: function () {
              devSignIn(select.value);
            },
          }),
        ]),
      );
    }
    panel.appendChild(h("p", { id: "signin-error", class: "error" }));
    return panel;
  }

  // ---------- the page ----------
  function disposeCharts() {
    charts.forEach(function (c) {
      c.dispose();
    });
    charts = [];
  }

  function render() {
    disposeCharts();
    renderSignin();
    root.textContent = "";
    if (!token()) {
      root.appendChild(signinPanel());
      return;
    }
    var years = [];
    for (var y = S.defaultYear; y >= 2010; y--) years.push(y);
    var yearSel = h(
      "select",
      { id: "year", onchange: function () { state.year = Number(yearSel.value); load(); } },
      years.map(function (y) {
        return h("option", { value: y, text: y + "年", selected: y === state.year });
      }),
    );
    var months = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    var monthSel = h(
      "select",
      { id: "month", onchange: function () { state.month = Number(monthSel.value); load(); } },
      months.map(function (m) {
        return h("option", { value: m, text: m ? m + "月" : "全年", selected: m === state.month });
      }),
    );
    root.appendChild(
      h("section", { class: "controls" }, [
        h("label", {}, ["年份 ", yearSel]),
        h("label", {}, ["月份 ", monthSel]),
        h("span", { id: "filters", class: "filters" }),
        h("span", { class: "exports" }, [
          h("button", { type: "button", id: "export-annual-csv", text: "导出年报 CSV", onclick: function () { download("annual-report", "csv"); } }),
          h("button", { type: "button", id: "export-annual-xlsx", text: "导出年报 Excel", onclick: function () { download("annual-report", "xlsx"); } }),
          h("button", { type: "button", id: "export-stats-csv", text: "导出统计 CSV", onclick: function () { download("statistics", "csv"); } }),
          h("button", { type: "button", id: "export-stats-xlsx", text: "导出统计 Excel", onclick: function () { download("statistics", "xlsx"); } }),
        ]),
      ]),
    );
    root.appendChild(h("p", { id: "status", class: "status" }));
    root.appendChild(h("section", { id: "cards", class: "cards" }));
    root.appendChild(h("section", { id: "trends", class: "trends" }));
    root.appendChild(
      h("section", { class: "breakdowns" }, [
        h("div", { class: "panel" }, [h("h2", { id: "town-title", text: "按镇" }), h("div", { id: "town-chart", class: "chart" }), h("table", { id: "town-table", class: "list" })]),
        h("div", { class: "panel" }, [h("h2", { id: "category-title", text: "按类别" }), h("div", { id: "category-chart", class: "chart" }), h("table", { id: "category-table", class: "list" })]),
      ]),
    );
    root.appendChild(h("section", { class: "panel" }, [h("h2", { id: "overdue-title", text: "逾期未办（督查）" }), h("table", { id: "overdue", class: "list" })]));
    load();
  }

  function renderFilters() {
    var box = document.getElementById("filters");
    box.textContent = "";
    if (state.townId)
      box.appendChild(h("button", { type: "button", class: "chip", id: "clear-town", text: "镇：" + state.townName + " ×", onclick: function () { state.townId = null; state.townName = null; load(); } }));
    if (state.category)
      box.appendChild(h("button", { type: "button", class: "chip", id: "clear-category", text: "类别：" + L.category[state.category] + " ×", onclick: function () { state.category = null; load(); } }));
    if (!state.townId && !state.category) box.appendChild(h("span", { class: "hint", text: "点击镇或类别可筛选全部数据" }));
  }

  function filterTown(id, name) {
    state.townId = state.townId === id ? null : id;
    state.townName = state.townId ? name : null;
    load();
  }
  function filterCategory(c) {
    state.category = state.category === c ? null : c;
    load();
  }

  function card(figure, title, value, sub, note) {
    return h("div", { class: "card", "data-figure": figure }, [
      h("div", { class: "card-title", text: title }),
      h("div", { class: "value", text: value }),
      h("div", { class: "sub", text: sub || "" }),
      note ? h("div", { class: "note", text: note }) : null,
    ]);
  }

  function chart(el, option, onClick) {
    var c = echarts.init(el, null, { renderer: "canvas" });
    c.setOption(Object.assign({ animation: false, textStyle: { fontFamily: "sans-serif" } }, option));
    if (onClick) c.on("click", onClick);
    charts.push(c);
    return c;
  }

  function towns() {
    if (state.towns) return Promise.resolve(state.towns);
    return gql("{ towns { id name } }").then(function (d) {
      state.towns = d.towns;
      return d.towns;
    });
  }

  // ---------- loading ----------
  function load() {
    var run = ++state.loading;
    renderFilters();
    setStatus("正在加载 " + period(state.year, state.month).name + " 的数据…", "busy");
    document.body.setAttribute("data-state", "loading");
    loadStatistics(run).then(
      function () {
        if (run !== state.loading) return;
        setStatus(period(state.year, state.month).name + (state.townId ? " · " + state.townName : "") + (state.category ? " · " + L.category[state.category] : ""), "");
        document.body.setAttribute("data-state", "ready");
      },
      function (e) {
        if (run !== state.loading) return;
        document.body.setAttribute("data-state", "error");
        if (e && e.code === "UNAUTHENTICATED") {
          sessionStorage.removeItem(KEY);
          render();
          var el = document.getElementById("signin-error");
          if (el) el.textContent = "令牌无效或已过期，请重新登录。（" + e.message + "）";
          return;
        }
        if (e && e.code === "FORBIDDEN") setStatus("当前角色无权查看这些数据。", "error");
        else setStatus("加载失败：" + (e && e.message ? e.message : String(e)), "error");
      },
    );
  }

  var OVERDUE = "query($filter: SupervisionFilter) { supervision(first: 200, filter: $filter) { totalCount" +
    " edges { node { kind deadline daysOverdue unit petition { serialNo title category town { name } } } } } }";

  // ---------- with statistics: every figure filtered, the trends drawn ----------
  var SERIES = "{ values total }";
  var RATE = "{ values overall }";
  var TOTAL = "{ total }";
  var OVERALL = "{ overall }";
  // the range's series and breakdowns, and the same figures' totals over the period before
  var STATS = "query($from: Date!, $to: Date!, $by: StatisticsGrain!, $pf: Date!, $pt: Date!, $filter: StatisticsFilterInput) {" +
    " now: statistics(from: $from, to: $to, by: $by, filter: $filter) { periods { label }" +
    " petitions { received " + SERIES + " accepted " + TOTAL + " replied " + TOTAL + " overdue { values previous }" +
    " onlineTransfers " + TOTAL + " receivedByChannel { channel received " + SERIES + " } }" +
    " visits { cases " + SERIES + " persons " + SERIES + " firstTimeCases " + TOTAL + " firstTimePersons " + TOTAL +
    " collectiveBatches " + SERIES + " collectivePersons " + TOTAL + " }" +
    " escalatedVisits { total " + TOTAL + " national " + TOTAL + " provincial " + TOTAL + " municipal " + TOTAL + " }" +
    " timelyAcceptance " + RATE + " onTimeCompletion " + RATE + " satisfaction " + RATE +
    " disputes { found " + TOTAL + " resolved " + TOTAL + " escalated " + TOTAL + " }" +
    " website { messages " + TOTAL + " replyRate " + OVERALL + " }" +
    " byTown: petitionsBy(breakdown: TOWN) { key town { name } received " + TOTAL + " }" +
    " byCategory: petitionsBy(breakdown: CATEGORY) { key received " + TOTAL + " } }" +
    " before: statistics(from: $pf, to: $pt, by: MONTH, filter: $filter) {" +
    " petitions { received " + TOTAL + " onlineTransfers " + TOTAL + " }" +
    " visits { cases " + TOTAL + " firstTimeCases " + TOTAL + " collectiveBatches " + TOTAL + " }" +
    " escalatedVisits { total " + TOTAL + " } timelyAcceptance " + OVERALL + " onTimeCompletion " + OVERALL +
    " satisfaction " + OVERALL + " disputes { found " + TOTAL + " } website { messages " + TOTAL + " } } }";

  function statsVariables() {
    var p = period(state.year, state.month);
    var filter = {};
    if (state.townId) filter.townId = state.townId;
    if (state.category) filter.category = state.category;
    return { from: p.from, to: p.to, by: state.month ? "DAY" : "MONTH", filter: filter };
  }

  function loadStatistics(run) {
    var word = state.month ? "环比" : "同比";
    var v = statsVariables();
    var prev = previousOf(state.year, state.month);
    v.pf = prev.from;
    v.pt = prev.to;
    return Promise.all([
      towns(),
      gql(STATS, v),
      gql(OVERDUE, { filter: state.townId ? { townId: state.townId } : null }),
    ]).then(function (r) {
      if (run !== state.loading) return;
      var s = r[1].now;
      var b = r[1].before;
      var p = period(state.year, state.month);
      var cards = document.getElementById("cards");
      cards.textContent = "";
      function countCard(figure, title, now, before, sub) {
        if (!now) return;
        cards.appendChild(card(figure, title, num(now.total), (sub ? sub + " · " : "") + change(before ? ratio(now.total, before.total) : null, word)));
      }
      function rateCard(figure, title, now, before) {
        if (!now) return;
        cards.appendChild(card(figure, title, pct(now.overall), pointChange(before ? points(now.overall, before.overall) : null, word)));
      }
      countCard("petitions.received", "收到信访事项（" + p.name + "）", s.petitions.received, b.petitions.received, "受理 " + s.petitions.accepted.total + " · 办结 " + s.petitions.replied.total);
      countCard("visits.all", "来访（件次）", s.visits.cases, b.visits.cases, s.visits.persons.total + " 人次");
      countCard("visits.firstTime", "初访（件次）", s.visits.firstTimeCases, b.visits.firstTimeCases, s.visits.firstTimePersons.total + " 人次");
      countCard("visits.collective", "集体访（批次）", s.visits.collectiveBatches, b.visits.collectiveBatches, s.visits.collectivePersons.total + " 人次");
      countCard("escalatedVisits.total", "越级访", s.escalatedVisits.total, b.escalatedVisits.total, "进京 " + s.escalatedVisits.national.total + " · 赴省 " + s.escalatedVisits.provincial.total + " · 到市 " + s.escalatedVisits.municipal.total);
      countCard("onlineTransfers", "网上信访转送", s.petitions.onlineTransfers, b.petitions.onlineTransfers);
      rateCard("threeRates.timelyAcceptance", "及时受理率", s.timelyAcceptance, b.timelyAcceptance);
      rateCard("threeRates.onTimeCompletion", "按期办结率", s.onTimeCompletion, b.onTimeCompletion);
      rateCard("threeRates.satisfaction", "群众满意率", s.satisfaction, b.satisfaction);
      if (s.disputes) countCard("screening.found", "排查矛盾隐患", s.disputes.found, b.disputes && b.disputes.found, "化解 " + s.disputes.resolved.total + " · 激化 " + s.disputes.escalated.total);
      if (s.website) countCard("website.messages", "网络留言", s.website.messages, b.website && b.website.messages, "回复率 " + pct(s.website.replyRate.overall));
      var overdue = s.petitions.overdue.values;
      cards.appendChild(card("petitions.overdue", "期末逾期未办", num(overdue[overdue.length - 1]), "期初 " + s.petitions.overdue.previous));

      drawTrends(s);
      var names = {};
      r[0].forEach(function (t) { names[t.id] = t.name; });
      drawTowns(s.byTown.filter(function (row) { return row.key; }).map(function (row) {
        return { id: row.key, name: row.town ? row.town.name : names[row.key] || row.key, value: row.received.total };
      }), "收到信访事项（件）");
      drawCategories(s.byCategory.filter(function (row) { return row.key; }).map(function (row) {
        return { key: row.key, value: row.received.total };
      }), "收到信访事项（件）");
      drawOverdue(r[2].supervision);
    });
  }

  function drawTrends(s) {
    var box = document.getElementById("trends");
    box.textContent = "";
    var labels = s.periods.map(function (x) { return x.label; });
    function panel(id, title) {
      var el = h("div", { id: id, class: "chart" });
      box.appendChild(h("div", { class: "panel" }, [h("h2", { text: title }), el]));
      return el;
    }
    chart(panel("trend-channel", "收到信访事项：按渠道"), {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", minInterval: 1 },
      series: s.petitions.receivedByChannel.map(function (c) {
        return { name: L.channel[c.channel] || c.channel, type: "bar", stack: "all", data: c.received.values };
      }),
    });
    chart(panel("trend-visits", "来访：件次与人次"), {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      xAxis: { type: "category", data: labels },
      yAxis: [{ type: "value", name: "件次", minInterval: 1 }, { type: "value", name: "人次", minInterval: 1 }],
      series: [
        { name: "件次", type: "bar", data: s.visits.cases.values },
        { name: "人次", type: "line", yAxisIndex: 1, data: s.visits.persons.values },
        { name: "集体访批次", type: "bar", data: s.visits.collectiveBatches.values },
      ],
    });
    function rate(series) {
      return series ? series.values.map(function (v) { return v === null ? null : Math.round(v * 1000) / 10; }) : [];
    }
    chart(panel("trend-rates", "三率（%）"), {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", max: 100 },
      series: [
        { name: "及时受理率", type: "line", connectNulls: true, data: rate(s.timelyAcceptance) },
        { name: "按期办结率", type: "line", connectNulls: true, data: rate(s.onTimeCompletion) },
        { name: "群众满意率", type: "line", connectNulls: true, data: rate(s.satisfaction) },
      ],
    });
  }

  function drawTowns(rows, unit) {
    document.getElementById("town-title").textContent = "按镇：" + unit;
    var table = document.getElementById("town-table");
    table.textContent = "";
    rows.forEach(function (row) {
      table.appendChild(h("tr", { class: row.id === state.townId ? "selected" : null }, [
        h("td", {}, [h("button", { type: "button", class: "link", "data-town-id": row.id, text: row.name, onclick: function () { filterTown(row.id, row.name); } })]),
        h("td", { class: "num", text: num(row.value) }),
      ]));
    });
    chart(document.getElementById("town-chart"), {
      tooltip: { trigger: "axis" },
      grid: { left: 80, right: 24, top: 8, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
      series: [{ type: "bar", name: unit, data: rows.map(function (r) {
        return { value: r.value, itemStyle: { color: r.id === state.townId ? "#c23531" : "#3b6ea5" } };
      }) }],
    }, function (e) {
      var row = rows[e.dataIndex];
      if (row) filterTown(row.id, row.name);
    });
  }

  function drawCategories(rows, unit) {
    document.getElementById("category-title").textContent = "按类别：" + unit;
    var table = document.getElementById("category-table");
    table.textContent = "";
    rows.forEach(function (row) {
      table.appendChild(h("tr", { class: row.key === state.category ? "selected" : null }, [
        h("td", {}, [h("button", { type: "button", class: "link", "data-category": row.key, text: L.category[row.key] || row.key, onclick: function () { filterCategory(row.key); } })]),
        h("td", { class: "num", text: num(row.value) }),
      ]));
    });
    chart(document.getElementById("category-chart"), {
      tooltip: { trigger: "axis" },
      grid: { left: 90, right: 24, top: 8, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return L.category[r.key] || r.key; }) },
      series: [{ type: "bar", name: unit, data: rows.map(function (r) {
        return { value: r.value, itemStyle: { color: r.key === state.category ? "#c23531" : "#5a8f5a" } };
      }) }],
    }, function (e) {
      var row = rows[e.dataIndex];
      if (row) filterCategory(row.key);
    });
  }

  function drawOverdue(list) {
    var rows = list.edges.map(function (e) { return e.node; });
    // the supervision list filters by town; a category is applied to the 200 most overdue
    if (state.category) rows = rows.filter(function (n) { return n.petition.category === state.category; });
    var title = document.getElementById("overdue-title");
    title.textContent = "逾期未办（督查）：" + (state.category ? rows.length + " 项（所选类别，最多统计前 200 项）" : list.totalCount + " 项");
    var table = document.getElementById("overdue");
    table.textContent = "";
    table.appendChild(h("tr", {}, ["编号", "事项", "镇", "类别", "环节", "承办单位", "期限", "逾期天数"].map(function (t) { return h("th", { text: t }); })));
    rows.slice(0, 50).forEach(function (n) {
      table.appendChild(h("tr", {}, [
        h("td", { text: n.petition.serialNo }),
        h("td", { text: n.petition.title }),
        h("td", { text: n.petition.town ? n.petition.town.name : "" }),
        h("td", { text: L.category[n.petition.category] || n.petition.category }),
        h("td", { text: L.kind[n.kind] || n.kind }),
        h("td", { text: n.unit || "" }),
        h("td", { text: n.deadline.slice(0, 10) }),
        h("td", { class: "num days", text: String(n.daysOverdue) }),
      ]));
    });
  }

  // ---------- exports ----------
  function download(what, format) {
    var params = new URLSearchParams();
    if (what === "annual-report") params.set("year", String(state.year));
    else {
      var v = statsVariables();
      params.set("from", v.from);
      params.set("to", v.to);
      params.set("by", v.by);
      if (v.filter.townId) params.set("townId", v.filter.townId);
      if (v.filter.category) params.set("category", v.filter.category);
    }
    setStatus("正在导出…", "busy");
    fetch("/export/" + what + "." + format + "?" + params.toString(), {
      headers: { authorization: "Bearer " + token() },
    })
      .then(function (res) {
        if (!res.ok)
          return res.json().then(
            function (b) { throw new Error(b.error || "HTTP " + res.status); },
            function () { throw new Error("HTTP " + res.status); },
          );
        var name = (/filename="([^"]+)"/.exec(res.headers.get("content-disposition") || "") || [])[1] || what + "." + format;
        return res.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var a = h("a", { href: url, download: name });
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
          setStatus("已导出 " + name, "");
        });
      })
      .catch(function (e) {
        setStatus("导出失败：" + e.message, "error");
      });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
  render();
})();
`;

export const DASHBOARD_CSS = `* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif;
  background: #f3f5f8; color: #1f2933; font-size: 14px; }
.bar { display: flex; align-items: center; justify-content: space-between; padding: 8px 18px;
  background: #8b1a1a; color: #fff; }
.bar h1 { font-size: 18px; margin: 0; }
.signin { display: flex; gap: 10px; align-items: center; }
.signin button { background: transparent; color: #fff; border: 1px solid #fff; border-radius: 3px; }
main { padding: 12px 18px 32px; }
.panel { background: #fff; border: 1px solid #d7dce3; border-radius: 4px; padding: 10px 14px; margin: 10px 0; }
.panel h2 { font-size: 15px; margin: 0 0 8px; }
.signin-panel { max-width: 640px; }
.signin-panel textarea { width: 100%; font-family: monospace; font-size: 12px; }
.dev { margin-top: 14px; padding-top: 8px; border-top: 1px dashed #c9ced6; }
.dev h3 { font-size: 14px; margin: 0; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
.filters { display: flex; gap: 6px; flex: 1; }
.chip { background: #fde8e8; border: 1px solid #c23531; border-radius: 12px; padding: 2px 10px; cursor: pointer; }
.hint { color: #6b7684; }
.exports { display: flex; gap: 6px; }
button { font: inherit; padding: 3px 10px; cursor: pointer; }
.status { min-height: 1.4em; color: #52606d; margin: 6px 0; }
.status.error, .error { color: #b42318; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px; }
.card { background: #fff; border: 1px solid #d7dce3; border-radius: 4px; padding: 10px 12px; }
.card-title { color: #52606d; }
.card .value { font-size: 26px; font-weight: 600; margin: 4px 0; }
.card .sub { font-size: 12px; color: #3e4c59; }
.card .note { font-size: 11px; color: #8a94a1; margin-top: 4px; }
.trends, .breakdowns { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 10px; }
.chart { width: 100%; height: 280px; }
table.list { width: 100%; border-collapse: collapse; }
table.list th, table.list td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eef0f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.days { color: #b42318; font-weight: 600; }
tr.selected td { background: #fde8e8; }
button.link { background: none; border: none; color: #1d4ed8; padding: 0; text-decoration: underline; }
.note { color: #6b7684; }
`;
