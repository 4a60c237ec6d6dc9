"""Third round of hand-written notes: alarming words in benign notes, messy phrasing, lay red flags.

Written one by one by a new author (not the authors of rounds one and two), with no real
person's notes, and labelled by that author per docs/notes-dataset.md, in the markup of
``note_templates`` (``[words|b]`` body part, ``[words|s]`` symptom, ``[words|e]`` exercise;
entity marking is sparse, as in the earlier hand-written rounds). Aimed at what the reader
got wrong before:

- benign notes that use alarming words: "chest day", heart-rate zones, "dead legs", "killer
  session", "I could die for a nap", "心率区间", "练胸", "累死了", "美得让人头晕目眩";
  hard efforts described as hard ("heart pounding at the top of the rep, normal"), red
  flags that belong to someone else or are ruled out ("my dad has AF ... all normal");
- everyday fatigue, illness, low mood, motivation and pain in natural phrasing: typos,
  text-speak, very short and long rambling notes, English and Chinese mixed in one note;
- real red flags in lay words (chest squeezing or heaviness spreading to the jaw or neck,
  collapsing, a racing or skipping heart with dizziness, one-sided weakness or numbness,
  breathlessness out of proportion, near-fainting with tar-black stools, a swollen hot calf
  after a long journey, pregnancy warning signs).

Black stools alone are not in the label definition's red-flag list (DESIGN.md), so they
appear only together with near-fainting, which is. ``dataset_builder`` appends this round
after the earlier rows, which keep their splits.
"""

from __future__ import annotations

HANDWRITTEN_ROUND3: tuple[tuple[str, str], ...] = (
    # English: alarming words, benign notes
    ("[chest day|e] today!! [bench|e] up 2.5kg, pecs absolutely pumped", "motivation"),
    ("zone 2 ride, kept my heart rate under 140 the whole time like a good boy", ""),
    ("did the HR zone test on the treadmill, max came out 188, new zones set in the app", ""),
    ("dead legs from yesterday's hills but that's the whole point of a double day", "fatigue"),
    ("killer session with the club, 10x400, absolutely loved every rep", "motivation"),
    ("I could die for a nap rn", "fatigue"),
    ("the view from the top literally took my breath away, worth every step", "motivation"),
    (
        "coach's workout was murder, 5x1mi at threshold, survived and weirdly proud of it",
        "motivation",
    ),
    (
        "heart was pounding at the top of each [hill rep|e], came straight back down on the "
        "jog recovery",
        "",
    ),
    ("gasping after the 200m sprints, normal, recovered within a minute", ""),
    ("[calf raises|e] 4x15, calves on fire but the good kind", ""),
    ("smashed a PB and nearly threw up at the line lol", "motivation"),
    ("bit faint-hearted at the start line, all nerves, settled once we got going", "low_mood"),
    ("watch said HR 200 but it was clearly locking onto my cadence, chest strap said 150", ""),
    ("breathless in the good way after the [swim|e] sprints", ""),
    ("[shoulder press|e] and chest flyes, upper body day done and dusted", ""),
    ("HR spiked to 185 on the last interval, exactly where it should be", ""),
    ("lungs burning on the climb but that's zwift racing for you", ""),
    ("friend fainted at the finish last year so I'm hydrating like mad today", ""),
    ("my dad has AF so I got my ticker checked, ECG all normal, phew", ""),
    ("this heat is killing me, cut the run to 5k", "fatigue"),
    ("the chest thing from last month hasn't come back, cardiologist happy with me", ""),
    ("not dizzy any more since I started eating something before runs", ""),
    ("toenail went black after the marathon, doesn't hurt at all", ""),
    ("everythign hurts after the [deadlifts|e], normal DOMS i think", ""),
    ("calfs tight, foam rolled, fine", ""),
    ("[knee|b]'s fine now after the physio, 8k pain free", ""),
    # English: everyday notes, messy phrasing
    ("slept like 5 hrs cuz the neighbours were partying, legs ok tho, brain mush", "fatigue"),
    ("soooo tired. work. kids. no run.", "fatigue"),
    ("tired af", "fatigue"),
    (
        "throat scratchy and kinda shivery this morning, think im coming down w something",
        "illness",
    ),
    ("temp 38.2, staying in bed, no heroics", "illness"),
    ("dodgy tummy after the curry, 3 loo stops on a 10k", "illness"),
    ("ugh sick again", "illness"),
    ("headache all day + runny nose, did a gentle 20 min walk instead", "illness"),
    ("achy all over and shivery, prob a reaction to the flu jab", "illness"),
    ("nauseous and off my food since yesterday, skipping today", "illness"),
    ("first run after covid, legs weak and slow, breathing fine though", "illness;fatigue"),
    ("can't be bothered with anything this week tbh, even running feels pointless", "low_mood"),
    ("anxious about the race, checking the forecast every 10 min", "low_mood"),
    ("feeling a bit lost since the club folded, nobody to run with", "low_mood"),
    ("cried on the cooldown, no idea why, just a lot going on", "low_mood"),
    ("bit down after the result, 4 mins off target, will regroup", "low_mood"),
    ("recovery week and I feel lazy and guilty about it", "low_mood"),
    ("meh run. legs heavy, head not in it, walked at mile 3", "fatigue;low_mood"),
    ("new shoes, new playlist, can't wait to get out tomorrow!!", "motivation"),
    ("signed up for my first ultra!! terrified but so up for it", "motivation;low_mood"),
    ("buzzing after parkrun, 2nd in my age cat!!", "motivation"),
    ("motivation through the roof since I booked berlin", "motivation"),
    ("ran in the rain and LOVED it, felt like a kid again", "motivation"),
    ("slept 9 hrs, legs springy, nailed the [tempo|e]", "motivation"),
    ("PB!!!", "motivation"),
    ("ok", ""),
    ("[right knee|b] niggling on the stairs at work, 3/10", "pain"),
    ("[heel|b] stabby first thing, eases after 10 min of walking about", "pain"),
    ("my [shins|b] r killing me after the [track session|e]", "pain"),
    (
        "[lower back|b] twinged when I bent to tie my laces, ran anyway, eased off by the end",
        "pain",
    ),
    ("pulled something in my [groin|b] on the last stride, hobbled home", "pain"),
    ("[neck|b] stiff and sore from sleeping funny, skipped the swim", "pain"),
    ("my [achilles|b] is creaking like an old door, 4/10 on the uphills", "pain"),
    (
        "long one sorry: work was insane, boss on my case all week, hardly slept wed or thu, "
        "skipped tuesday's intervals, did a slow 8k today and honestly it helped a bit, knee "
        "behaving itself, next week should be calmer",
        "low_mood;fatigue",
    ),
    # English: red flags in lay words
    (
        "weird squeezing in the middle of my chest on the easy jog, like a belt being "
        "tightened, went when I stopped. never had that before",
        "red_flag",
    ),
    (
        "halfway up the stairs at work my chest went heavy and my jaw ached, sat down and it eased",
        "red_flag",
    ),
    (
        "everything went fuzzy and the next thing I knew I was on the changing room floor",
        "red_flag",
    ),
    (
        "legs went from under me after the cooldown, people said I was out for a few seconds",
        "red_flag",
    ),
    (
        "heart started galloping out of nowhere while I was watching telly, felt woozy and "
        "had to lie down",
        "red_flag",
    ),
    ("ticker doing a drum solo on the bike, went light headed and grey, pulled over", "red_flag"),
    (
        "my [right arm|b] went weak and floppy for 10 min after the gym, couldn't hold my coffee",
        "red_flag",
    ),
    ("one side of my face went numb and my words came out jumbled for a few minutes", "red_flag"),
    (
        "couldn't get a breath walking to the car, had to stop three times, I usually run 10k "
        "no bother",
        "red_flag",
    ),
    ("woke up in the night gasping, had to sit bolt upright to breathe", "red_flag"),
    ("passed black sticky poo twice today and nearly keeled over when I stood up", "red_flag"),
    (
        "after the long drive back from the alps my [left calf|b] is puffy, tight and hot to "
        "touch, hurts to walk",
        "red_flag;pain",
    ),
    (
        "33 weeks, sudden awful headache and blurry vision after my walk, ankles puffed up too",
        "red_flag",
    ),
    ("pregnant (20wk), leaking fluid since the swim", "red_flag"),
    (
        "tight heavy ache across my chest that crept up into my neck on the turbo, drenched in "
        "cold sweat",
        "red_flag",
    ),
    ("HR still stuck above 190 five min after I'd stopped running, felt like I'd drop", "red_flag"),
    (
        "collapsed at the bus stop after my morning run, came round with people standing over me",
        "red_flag",
    ),
    (
        "my left foot kept catching and the leg felt like it was dragging, wasn't even tired",
        "red_flag",
    ),
    (
        "sat still and my heart kept skipping then thudding, dizzy with it, 20 minutes now",
        "red_flag",
    ),
    # Chinese: alarming words, benign notes
    ("今天练胸，[卧推|e]加了2.5公斤，胸肌炸了", "motivation"),
    ("心率区间测试做完了，最大心率188，重新设了五个区间", ""),
    ("二区心率骑了一个半小时，心率一直压在140以下", ""),
    ("累死了，但今天的[间歇跑|e]完成得很漂亮", "fatigue;motivation"),
    ("山顶的风景美得让人头晕目眩，值了", "motivation"),
    ("[爬坡跑|e]冲到坡顶心跳得像打鼓，慢跑恢复一分钟就下来了，正常", ""),
    ("冲刺200米后喘得不行，一分钟就缓过来了", ""),
    ("腿废了，昨天的双练效果拉满", "fatigue"),
    ("这课表简直要命，5组1英里阈值跑，活下来了还挺骄傲", "motivation"),
    ("手表说心率200，肯定是测成步频了，胸带只有150", ""),
    ("去年朋友在终点晕倒过，所以今天我拼命补水", ""),
    ("我爸有房颤，我也去做了心电图，一切正常", ""),
    ("天太热了，热死了，只跑了5公里", "fatigue"),
    ("好想睡觉，给我一张床我能睡到明天", "fatigue"),
    ("提踵4组15个，小腿烧得很，但是那种舒服的烧", ""),
    ("昨天练腿今天下楼梯要扶墙，老样子的肌肉酸，不担心", ""),
    ("马拉松后脚指甲黑了，不疼", ""),
    ("上个月那个胸口的问题没再出现，心内科医生说没事", ""),
    ("自从跑前吃点东西就再也没头晕过", ""),
    ("跑到终点差点吐了哈哈，但是破PB了！", "motivation"),
    ("爬升的时候肺像着火一样，线上比赛就是这样", ""),
    # Chinese: everyday notes, messy phrasing
    ("昨晚邻居开派对，只睡了5个钟，脑子一团浆糊", "fatigue"),
    ("好累。上班。带娃。没跑。", "fatigue"),
    ("困", "fatigue"),
    ("嗓子有点刺挠，浑身发冷，感觉要感冒", "illness"),
    ("体温38度2，躺平了，不逞强", "illness"),
    ("吃了火锅肚子不舒服，10公里跑了三次厕所", "illness"),
    ("头疼了一天还流鼻涕，只散步了20分钟", "illness"),
    ("打完流感疫苗浑身酸痛发冷", "illness"),
    ("从昨天开始恶心没胃口，今天不练了", "illness"),
    ("阳了十天后第一次跑，腿软，慢，但呼吸还行", "illness;fatigue"),
    ("又病了，烦", "illness;low_mood"),
    ("这周干啥都提不起劲，跑步也觉得没意义", "low_mood"),
    ("比赛前焦虑，十分钟看一次天气预报", "low_mood"),
    ("跑团解散了，没人一起跑，有点失落", "low_mood"),
    ("放松跑的时候哭了，也不知道为什么，最近事太多", "low_mood"),
    ("比赛成绩比目标慢了4分钟，有点沮丧，调整一下再来", "low_mood"),
    ("减量周，觉得自己很懒，有点内疚", "low_mood"),
    ("跑得很丧，腿沉，脑子也不在线，第三公里直接走了", "fatigue;low_mood"),
    ("新鞋到了！明天迫不及待想出去跑", "motivation"),
    ("报名了人生第一个越野超马！！又怕又期待", "motivation;low_mood"),
    ("公园跑年龄组第二！！开心死了", "motivation"),
    ("报了柏林马拉松之后动力爆棚", "motivation"),
    ("雨中跑步太爽了，像回到小时候", "motivation"),
    ("睡了9小时，腿很弹，[节奏跑|e]轻松拿下", "motivation"),
    ("小腿紧，滚了泡沫轴，没事了", ""),
    ("理疗后膝盖好了，8公里完全不疼", ""),
    ("上班爬楼梯[右膝|b]有点隐隐作痛，3分", "pain"),
    ("早上起床[脚后跟|b]像针扎，走十分钟才缓解", "pain"),
    ("[操场课|e]后[胫骨|b]疼死了", "pain"),
    ("系鞋带时[腰|b]闪了一下，还是跑了，最后缓过来了", "pain"),
    ("最后一个加速跑[大腿内侧|b]拉了一下，一瘸一拐走回家", "pain"),
    ("落枕了[脖子|b]又僵又疼，游泳取消", "pain"),
    ("[跟腱|b]像生锈的门一样咯吱响，上坡疼到4分", "pain"),
    (
        "这周工作忙疯了，领导天天催，周三周四都没睡好，周二的间歇也没练，今天慢慢跑了8公里，"
        "说实话心情好一点了，膝盖也还乖，希望下周能轻松点",
        "low_mood;fatigue",
    ),
    # Chinese: red flags in lay words
    ("轻松跑时胸口正中像被皮带勒紧一样，停下来就松开了，以前从没这样过", "red_flag"),
    ("上班爬到一半楼梯，胸口发沉，下巴也酸，坐下才缓过来", "red_flag"),
    ("换衣服的时候突然什么都不知道了，同伴说我倒在地上十几秒", "red_flag"),
    ("看电视时心脏突然狂奔起来，头晕乎乎的，只能躺下", "red_flag"),
    ("骑车时心脏乱敲一通，人发飘，眼前发灰，赶紧靠边停", "red_flag"),
    ("健身后[右胳膊|b]软得抬不起来，十分钟拿不住杯子", "red_flag"),
    ("半边脸发麻，说话一下子颠三倒四，几分钟才好", "red_flag"),
    ("走到停车场都喘不上气，停了三次，平时10公里都没问题", "red_flag"),
    ("半夜憋醒，得坐起来才能喘气", "red_flag"),
    ("大便黑得像柏油，站起来差点晕倒", "red_flag"),
    ("长途大巴坐了十个小时，[左小腿|b]肿胀发硬还发烫，走路疼", "red_flag;pain"),
    ("怀孕33周，散步后突然剧烈头痛，看东西模糊，脚踝也肿了", "red_flag"),
    ("孕20周，游泳后一直有液体流出来", "red_flag"),
    ("骑行台上胸口一阵闷痛，往脖子上窜，冷汗湿透了", "red_flag"),
    ("停跑五分钟了心率还是190多，人发虚想倒", "red_flag"),
    ("晨跑完在公交站倒下了，醒来周围围着一圈人", "red_flag"),
    ("一条腿拖着走，脚老是绊地，可我并不累", "red_flag"),
    ("坐着不动心脏一直漏拍又咚咚重跳，头晕，已经二十分钟了", "red_flag"),
    # English and Chinese in one note
    ("[chest day|e] 练完，pecs 爆了，[卧推|e] PR", "motivation"),
    ("zone 2 跑了一小时，心率很稳", ""),
    ("legs 废了 after 昨天的 [hill reps|e]", "fatigue"),
    ("感觉 flu 要来了，throat 痛，body 酸", "illness"),
    ("今天 mood 很差，什么都不想做", "low_mood"),
    ("[knee|b] 又 niggle 了，下楼梯 3/10", "pain"),
    ("突然 chest 很紧 like 被压住，walking 也喘，停下来才好一点", "red_flag"),
    ("heart 乱跳 + 头晕，在路边蹲了十分钟才缓过来", "red_flag"),
    ("累死了 but 开心，第一次跑完半马！", "fatigue;motivation"),
    ("我 could die for 一杯奶茶 rn", ""),
    ("左腿 suddenly 没力气，走路拖着，only one side", "red_flag"),
    ("腿有点酸 but ok，easy 5k 完成", ""),
)
