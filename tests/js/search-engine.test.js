// The search engine on a tiny knowledge base: what a reader typing a question relies on.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { SearchIndex } = require("../../src/servicebook/site/assets/search-results.js");
const { TOKEN_SEP } = require("../../src/servicebook/site/assets/search-text.js");

const T = (...words) => words.join(TOKEN_SEP);
// pages: [location, title]; sections: [page, anchor, heading, body, facts, faq]
const DOCS = {
  format: "servicebook-search-2",
  pages: [
    ["complaints/ten-steps/", T("处理", "投诉", "十步法")],
    ["repairs/repair-process/", T("报修", "与", "保修", "流程")],
    ["complaints/first-responsibility/", T("投诉", "处理", "流程")],
    ["etiquette/phone-etiquette/", T("电话", "礼仪")],
  ],
  sections: [
    [0, "", "", T("业主", "投诉", "时", "按", "十个", "步骤", "处理", "。"), "", ""],
    [0, "第一步聆听", T("第一步", "聆听"), T("先", "让", "业主", "把话", "说完", "，", "不要", "打断", "。"), T("用心", "聆听"),
      T("业主", "骂人", "怎么办")],
    [0, "流程图", T("流程图"), "", "", ""],
    [1, "", "", T("业主", "报修", "后", "前台", "登记", "。"), "", ""],
    [1, "紧急报修", T("紧急", "报修"), T("水管", "爆裂", "等", "紧急", "报修", "，", "维修人员", "30分钟", "内", "到场", "。"), T("30分钟"), ""],
    [1, "报修回访", T("报修", "回访"), T("维修", "完成", "后", "100%", "电话", "回访", "。"), T("100%", "电话", "回访"), ""],
    [2, "首问负责制", T("首问负责制"), T("在", "客人", "心中", "，", "你", "和", "其他", "部门", "都", "代表", "同一间", "公司", "。"), T("首问负责制", "原则"), ""],
    [3, "接听", T("接听", "电话"), T("电话", "铃响", "三声", "内", "接听", "。"), T("三声"), ""],
  ],
  synonyms: [["维修人员", ["师傅", "修理工"]], ["投诉", ["找茬"]]],
  fallback: 6,
};

const index = new SearchIndex(DOCS);
const pages = (query) => index.search(query).items.map((group) => group[0].location.split("#")[0]);
const first = (query) => index.search(query).items[0];

test("a question finds the page whose words it uses", () => {
  assert.equal(pages("电话铃响几声要接听")[0], "etiquette/phone-etiquette/");
  assert.equal(pages("报修多久回访")[0], "repairs/repair-process/");
});

test("an unknown first word does not stop the rest of the query from being searched", () => {
  assert.equal(pages("嘀嘀嘀电话接听")[0], "etiquette/phone-etiquette/");
  assert.equal(pages("电话嘀嘀嘀接听")[0], "etiquette/phone-etiquette/");
});

test("question words alone find nothing and say so", () => {
  const result = index.search("怎么办呢");
  assert.match(result.items[0].map((item) => item.title).join(), /知识库中没有找到/);
});

test("the result link lands on the answering section, not the page top", () => {
  const group = first("水管爆了维修人员多久到");
  assert.equal(group[0].location, "repairs/repair-process/#紧急报修");
  // Material renders the entry without a section item as the group's heading: it links there too.
  assert.equal(group[group.length - 1].location, "repairs/repair-process/#紧急报修");
  assert.ok(group.every((item) => item.location.includes("#")));
});

test("a 常见问法 line leads to the section it links to", () => {
  assert.equal(first("业主骂人")[0].location, "complaints/ten-steps/#第一步聆听");
});

test("everyday words find the standards' term, below the words typed", () => {
  assert.equal(first("师傅多久能到")[0].location, "repairs/repair-process/#紧急报修");
  const units = index.analyze("师傅多久能到");
  const synonym = units.flatMap((u) => u.terms).find((t) => t.term === "w维修人员");
  assert.ok(synonym && synonym.weight < 1, JSON.stringify(units));
});

test("an everyday word for a two-character term the index splits (3声 -> 3 / 声) finds it as a bigram", () => {
  const site = new SearchIndex({
    ...DOCS,
    pages: [["etiquette/sales-phone/", T("案场", "电话")], ["etiquette/courtesy/", T("礼貌")]],
    sections: [
      [0, "铃响3声以内接听", T("铃响", "3", "声", "以内", "接听"), T("铃响", "3", "声", "以内", "必须", "接听", "。"), T("3", "声", "以内"), ""],
      [1, "问候", T("问候"), T("见到", "业主", "先", "问候", "，", "说话", "声音", "柔和", "。"), "", ""],
    ],
    synonyms: [[T("3", "声"), ["三声", "响三下"]]],
    fallback: -1,
  });
  const units = site.analyze("响三下");
  assert.ok(units.flatMap((u) => u.terms).some((t) => t.term === "b3声" && t.synonym), JSON.stringify(units));
  assert.equal(site.search("响三下").items[0][0].location, "etiquette/sales-phone/#铃响3声以内接听");
});

test("the snippet marks the matched words and shows the section's facts", () => {
  const text = first("紧急报修")[0].text;
  assert.match(text, /<mark>紧急报修<\/mark>/);
  assert.match(text, /要点：30分钟/);
});

test("no struck-through 缺少 line: terms lists only words that matched", () => {
  for (const item of first("电话嘀嘀嘀接听")) assert.ok(Object.values(item.terms).every(Boolean), JSON.stringify(item.terms));
});

test("the not-found message quotes the question without its question words", () => {
  assert.match(JSON.stringify(index.search("快递柜怎么办呢？").items[0]), /没有找到关于“快递柜”的规定/);
});

test("a query of words the site never uses gets the not-found message, the fallback and nearest topics", () => {
  const result = index.search("快递柜密码忘了");
  const message = result.items[0];
  assert.match(message.map((i) => i.title).join(), /知识库中没有找到关于“快递柜密码忘”的规定/);
  assert.equal(message[0].location, "complaints/first-responsibility/#首问负责制");
  assert.match(message[0].text, /同一间公司/);  // quoted from the page, not invented
});

test("a query split by the index's own words, longest first", () => {
  assert.deepEqual(index.segment("首问负责制原则"), ["首问负责制", "原则"]);
  assert.deepEqual(index.analyze("报修怎么办").map((u) => u.text), ["报修"]);
});

test("text is escaped: the index cannot inject markup into the result list", () => {
  const evil = new SearchIndex({ ...DOCS, pages: [["x/", T("<img", " ", "src=x>")]], sections: [[0, "", "", T("<b>", "报修"), "", ""]], fallback: -1 });
  const html = JSON.stringify(evil.search("报修"));
  assert.ok(!html.includes("<img") && !html.includes("<b>"), html);
});

test("search.suggest completes the last typed word from the site's words, only when Material asks", () => {
  const suggesting = new SearchIndex(DOCS, { suggest: true });
  assert.deepEqual(suggesting.search("首问负").suggest, ["首问负责制"]);
  // The completion starts after a whole word, and keeps what was typed before it.
  assert.deepEqual(suggesting.search("业主投").suggest, ["业主投诉"]);
  // The synonym table's everyday words complete too.
  assert.deepEqual(suggesting.search("修理").suggest, ["修理工"]);
  // A question that ends in a question word is complete; nothing continues an unknown word.
  assert.deepEqual(suggesting.search("业主骂人怎么办").suggest, []);
  // A whole word is not cut to complete its end (首问负责制 is not 首问负责 + 制度).
  assert.deepEqual(suggesting.search("首问负责制").suggest, []);
  assert.deepEqual(suggesting.search("嘀嘀嘀").suggest, []);
  // Without search.suggest in mkdocs.yml, Material gets no suggestion.
  assert.deepEqual(index.search("首问负").suggest, []);
});

test("traditional characters, full-width digits and filler around the question find the same page", () => {
  assert.equal(pages("電話鈴響幾聲要接聽")[0], "etiquette/phone-etiquette/");
  assert.equal(pages("请问我想知道电话铃响几声要接听，该怎么弄")[0], "etiquette/phone-etiquette/");
  assert.equal(first("水管爆了维修人员多久到")[0].location, first("水管爆了維修人員多久到")[0].location);
  assert.equal(pages("维修人员３０分钟到场")[0], "repairs/repair-process/");
});

test("a character the pages use as a word of its own is not glued to an unknown neighbour", () => {
  const often = Array.from({ length: 5 }, (_, i) => [0, "s" + i, "", T("小区", "里", "巡查", String(i)), "", ""]);
  const site = new SearchIndex({ ...DOCS, pages: [["x/", T("小区")]], sections: often, synonyms: [], fallback: -1 });
  assert.deepEqual(site.analyze("小区里遛狗").map((unit) => unit.text), ["小区", "里", "遛狗"]);
  // Characters no section uses alone still make one unknown word: 走廊 is one word, not 走 + 廊.
  assert.deepEqual(site.analyze("小区走廊").map((unit) => unit.text), ["小区", "走廊"]);
});

test("a question on a topic a page says the sources have no rule on gets not-found, quoting that page", () => {
  const gaps = [[3, "资料中没有前台代收快递、外卖和包裹的规定，遇到时请报告上级。", T("前台", "代收", "快递", "、", "外卖", "和", "包裹")]];
  const site = new SearchIndex({ ...DOCS, gaps, weak: { coord: 0.2, gapTopic: 0, gapDf: 0 } });
  // 前台 matches a section's text, 快递 only the box: the box explains what the section leaves out.
  const result = site.search("前台快递");
  assert.match(result.items[0].map((i) => i.title).join(), /知识库中没有找到/);
  const notice = result.items[1][0];  // the page top: one entry
  assert.equal(notice.location, "repairs/repair-process/");
  assert.equal(notice.text, "<p>资料中没有前台代收快递、外卖和包裹的规定，遇到时请报告上级。</p>");
  // Without the box the same question is answered by the section that matched 前台.
  const plain = new SearchIndex({ ...DOCS, weak: { coord: 0.2 } });
  assert.doesNotMatch(JSON.stringify(plain.search("前台快递").items[0]), /没有找到/);
  // A question the section answers in its heading is not sent to the box.
  assert.doesNotMatch(JSON.stringify(site.search("紧急报修").items[0]), /没有找到/);
});

test("a best match holding the typed words only in its running text is weak below bodyScore", () => {
  const site = new SearchIndex({ ...DOCS, weak: { coord: 0.2, topic: 0, bodyScore: 1000 } });
  // 登记 is only in a section's text; 接听 is in a heading.
  assert.match(JSON.stringify(site.search("登记").items[0]), /没有找到/);
  assert.doesNotMatch(JSON.stringify(site.search("接听").items[0]), /没有找到/);
});

test("a question asking how long or how much is not answered by a section that states no number", () => {
  const site = new SearchIndex({ ...DOCS, weak: { coord: 0.2, quantity: 1 } });
  // 接听 states 三声; 首问负责制 states no quantity.
  assert.doesNotMatch(JSON.stringify(site.search("接听电话要几声").items[0]), /没有找到/);
  assert.match(JSON.stringify(site.search("首问负责制要多久").items[0]), /没有找到/);
  assert.doesNotMatch(JSON.stringify(site.search("首问负责制").items[0]), /没有找到/);
  // 几号楼 is an address, not a date.
  assert.doesNotMatch(JSON.stringify(site.search("首问负责制几号楼").items[0]), /没有找到/);
});

test("a number inside a term the reader typed is not the quantity asked for", () => {
  const site = (body) => new SearchIndex({
    ...DOCS, pages: [["x/", T("档案")]], sections: [[0, "二次供水", T("二次", "供水"), body, "", ""]], synonyms: [], fallback: -1,
    weak: { coord: 0.2, quantity: 1 },
  });
  assert.match(JSON.stringify(site(T("水箱", "定期", "清洗")).search("二次供水水箱多久清洗").items[0]), /没有找到/);
  assert.doesNotMatch(JSON.stringify(site(T("水箱", "每年", "清洗", "两次")).search("二次供水水箱多久清洗").items[0]), /没有找到/);
});
