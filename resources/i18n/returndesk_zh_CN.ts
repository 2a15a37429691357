<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CaseService</name>
    <message>
        <location filename="../../core/cases.py" line="213"/>
        <source>No staff are registered for this store.</source>
        <translation>本门店尚未登记任何店员。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="221"/>
        <location filename="../../core/cases.py" line="233"/>
        <source>This counter&apos;s store is not in the database.</source>
        <translation>数据库中没有本柜台所属的门店。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="300"/>
        <source>Look up the order first.</source>
        <translation>请先查询订单。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="405"/>
        <source>Choose where the customer contacted us.</source>
        <translation>请选择顾客的来访渠道。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="409"/>
        <source>Write down what the customer said, in their words.</source>
        <translation>请按顾客原话记录。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="412"/>
        <source>Choose how the customer feels.</source>
        <translation>请选择顾客的情绪。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="417"/>
        <source>Look up the order first (type or scan its number).</source>
        <translation>请先查询订单（输入或扫描订单号）。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="423"/>
        <source>Write down who is returning on the orderer&apos;s behalf.</source>
        <translation>请填写代办人姓名。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="430"/>
        <source>Write down how they are related to the orderer.</source>
        <translation>请填写代办人与下单人的关系。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="435"/>
        <source>Ask for the orderer&apos;s name as on the order.</source>
        <translation>请询问订单上的下单人姓名。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="440"/>
        <source>Ask for the last 4 digits of the orderer&apos;s phone number.</source>
        <translation>请询问下单人手机号后4位。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="445"/>
        <source>Press “Check identity” before going on.</source>
        <translation>请先点击“核验身份”再继续。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="449"/>
        <source>The name or phone digits do not match the order. Stop here: the case is flagged, and only a supervisor may continue it.</source>
        <translation>姓名或手机号后4位与订单不符。请停止办理：此退货单已被标记，只有主管可以继续处理。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="460"/>
        <source>Choose at least one item and how many are returned.</source>
        <translation>请至少选择一件商品，并填写退回数量。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="470"/>
        <source>An item that is not on this order was chosen.</source>
        <translation>所选商品不在此订单中。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="479"/>
        <source>{0}: only {1} can still be returned ({2} bought, {3} already in other returns).</source>
        <translation>{0}：最多还能退{1}件（共购买{2}件，其他退货单已退{3}件）。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="487"/>
        <source>Choose the kind of problem.</source>
        <translation>请选择问题类型。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="491"/>
        <source>This kind of problem is not in the store policy.</source>
        <translation>门店退货政策中没有此问题类型。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="496"/>
        <source>Write down the reason the customer gives.</source>
        <translation>请填写顾客自述的原因。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="501"/>
        <source>Answer this question about the item.</source>
        <translation>请查看商品后回答此项。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="509"/>
        <source>This kind of problem needs a photo of the item as evidence.</source>
        <translation>此类问题需要拍摄商品照片作为凭证。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="515"/>
        <source>Choose how the case is resolved.</source>
        <translation>请选择处理方案。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="519"/>
        <source>Enter the amount to refund.</source>
        <translation>请输入退款金额。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="523"/>
        <source>The refund cannot exceed the value of the returned items (¥{0}).</source>
        <translation>退款金额不能超过退回商品的价值（¥{0}）。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="530"/>
        <source>Choose how the money goes back.</source>
        <translation>请选择退款方式。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="538"/>
        <source>Set a follow-up date: something is still to happen.</source>
        <translation>还有后续事项，请设置跟进日期。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="564"/>
        <source>{0} has already been returned in another case.</source>
        <translation>{0}已在其他退货单中退过。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="607"/>
        <source>This case no longer exists.</source>
        <translation>此退货单已不存在。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="614"/>
        <source>Case {0} is finalised and can no longer be changed.</source>
        <translation>退货单 {0} 已完成归档，不能再修改。</translation>
    </message>
</context>
<context>
    <name>CaseWizard</name>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="189"/>
        <source>Something went wrong and this step was not saved. The case is kept up to the last page; try again, and tell IT if it happens again.</source>
        <translation>出错了，这一步没有保存。之前各页的内容仍在；请重试，如果再次出现请告知 IT 部门。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="199"/>
        <location filename="../../ui/wizard/wizard.py" line="305"/>
        <source>Return case {0}</source>
        <translation>退货单 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="306"/>
        <source>&amp;Finalise</source>
        <translation>完成归档(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="308"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="309"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="310"/>
        <source>Finalise</source>
        <translation>完成归档</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="311"/>
        <source>Close and keep draft</source>
        <translation>关闭并保存草稿</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="313"/>
        <source>Close and &amp;keep draft</source>
        <translation>关闭并保存草稿(&amp;K)</translation>
    </message>
</context>
<context>
    <name>ConditionPage</name>
    <message>
        <location filename="../../ui/wizard/condition.py" line="109"/>
        <source>Condition &amp; photo</source>
        <translation>商品状态与照片</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="110"/>
        <source>Can it be sold again? Take a photo as evidence.</source>
        <translation>能否二次销售？请拍照留作凭证。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="112"/>
        <source>Original packaging kept?</source>
        <translation>原包装是否保留？</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="113"/>
        <source>Tags intact?</source>
        <translation>吊牌是否完好？</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="114"/>
        <source>Seal unopened?</source>
        <translation>塑封是否完好？</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="115"/>
        <source>Signs of use (washing marks, scratches)?</source>
        <translation>是否有使用痕迹（水洗痕迹、划痕）？</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="120"/>
        <source>Condition &amp;notes:</source>
        <translation>状态备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="121"/>
        <source>Photos:</source>
        <translation>照片：</translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <location filename="../../ui/wizard/identity.py" line="186"/>
        <source>No order looked up yet.</source>
        <translation>尚未查询订单。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="191"/>
        <source>not delivered yet</source>
        <translation>尚未送达</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="194"/>
        <source>  • {0} × {1}  ({2} each)</source>
        <translation>  • {0} × {1}（单价 {2}）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="200"/>
        <source>Order {0} · paid by {1} · total {2}
Ordered {3} · delivered {4}
{5}</source>
        <translation>订单 {0} · 支付方式：{1} · 合计 {2}
下单时间：{3} · 送达时间：{4}
{5}</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="214"/>
        <source>✔ Identity confirmed: name and phone digits match the order.</source>
        <translation>✔ 身份核验通过：姓名和手机号后4位与订单一致。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="220"/>
        <source>✖ Does not match the order. Stop: do not hand out a refund. The case is flagged; only a supervisor may continue it.</source>
        <translation>✖ 与订单信息不符。请停止办理，不得退款。此退货单已被标记，只有主管可以继续处理。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="227"/>
        <source>Ask for the orderer&apos;s name and the last 4 digits of their phone.</source>
        <translation>请询问下单人姓名及手机号后4位。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="231"/>
        <source>Identity &amp; order</source>
        <translation>身份与订单</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="232"/>
        <source>Find the order, then confirm who is asking.</source>
        <translation>先查到订单，再核实来访人身份。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="234"/>
        <source>&amp;Order number:</source>
        <translation>订单号(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="235"/>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="236"/>
        <source>Type or scan, then Enter</source>
        <translation>输入或扫码后按回车</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="237"/>
        <source>&amp;Look up</source>
        <translation>查询(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="238"/>
        <source>Look up order</source>
        <translation>查询订单</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="239"/>
        <source>Who is asking:</source>
        <translation>来访人：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="240"/>
        <source>The orderer &amp;themselves</source>
        <translation>下单人本人(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="241"/>
        <source>The orderer themselves</source>
        <translation>下单人本人</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="242"/>
        <source>Someone on their be&amp;half</source>
        <translation>他人代办(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="243"/>
        <source>Someone on their behalf</source>
        <translation>他人代办</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="244"/>
        <source>Re&amp;quester&apos;s name:</source>
        <translation>来访人姓名(&amp;Q)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="245"/>
        <source>Relations&amp;hip to orderer:</source>
        <translation>与下单人关系(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="246"/>
        <source>e.g. friend, mother, colleague</source>
        <translation>如：朋友、母亲、同事</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="247"/>
        <source>Orderer&apos;s &amp;name:</source>
        <translation>下单人姓名(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="248"/>
        <source>Last &amp;4 phone digits:</source>
        <translation>手机号后4位(&amp;4)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="249"/>
        <source>as the requester states them</source>
        <translation>按来访人所说填写</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="250"/>
        <source>Identity:</source>
        <translation>身份核验：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="251"/>
        <source>&amp;Check identity</source>
        <translation>核验身份(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="252"/>
        <source>Check identity</source>
        <translation>核验身份</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message numerus="yes">
        <location filename="../../ui/wizard/intake.py" line="82"/>
        <source>First response due within %n minute(s).</source>
        <translation>
            <numerusform>须在%n分钟内首次响应。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="85"/>
        <source>Intake</source>
        <translation>接待登记</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="86"/>
        <source>Receive the feeling first, then the problem.</source>
        <translation>先处理心情，再处理事情。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="91"/>
        <source>&amp;Channel:</source>
        <translation>渠道(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="92"/>
        <source>Customer&apos;s &amp;words:</source>
        <translation>顾客原话(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="94"/>
        <source>Verbatim, e.g. “I&apos;ve waited three days and the collar is coming apart!”</source>
        <translation>照原话记录，例如：“我等了三天，领口都开线了！”</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="96"/>
        <source>&amp;Emotion:</source>
        <translation>情绪(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="97"/>
        <source>&amp;Priority:</source>
        <translation>优先级(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="98"/>
        <source>Urgent goods:</source>
        <translation>紧急商品：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="98"/>
        <source>Fresh food or medicine</source>
        <translation>生鲜或药品</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="99"/>
        <source>&amp;Fresh food or medicine (5-minute response)</source>
        <translation>生鲜或药品（5分钟内响应）(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="100"/>
        <location filename="../../ui/wizard/intake.py" line="101"/>
        <source>Empathy prompt</source>
        <translation>共情提示</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="104"/>
        <source>1. Name the feeling: “I can see this has been really frustrating.”
2. Take their side: “In your place I&apos;d be upset too.”
3. Invite the details: “Tell me what happened — I&apos;ll sort it out with you.”</source>
        <translation>1. 说出感受：“我能理解，这事确实让您挺烦心的。”
2. 站在顾客一边：“换作是我，我也会不高兴的。”
3. 邀请说明详情：“您跟我说说是怎么回事，我来帮您一起解决。”</translation>
    </message>
</context>
<context>
    <name>ItemsPage</name>
    <message>
        <location filename="../../ui/wizard/items.py" line="113"/>
        <source>Quantity of {0}</source>
        <translation>{0}的退回数量</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="115"/>
        <source>{0} bought · {1}</source>
        <translation>已购{0}件 · {1}</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="117"/>
        <source> · {0} already in other returns</source>
        <translation> · 其他退货单已退{0}件</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="121"/>
        <source>Items &amp; reason</source>
        <translation>商品与原因</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="122"/>
        <source>What comes back, and why — ask like a detective.</source>
        <translation>退什么、为什么退——像侦探一样问清楚。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="125"/>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="130"/>
        <source>Items returned:</source>
        <translation>退回商品：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="131"/>
        <source>&amp;Kind of problem:</source>
        <translation>问题类型(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="132"/>
        <source>&amp;Stated reason:</source>
        <translation>自述原因(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="134"/>
        <source>What the customer says, e.g. “I just don&apos;t want it”</source>
        <translation>顾客的说法，例如：“就是不想要了”</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="136"/>
        <source>&amp;Real reason:</source>
        <translation>真实原因(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="137"/>
        <source>What the open questions brought out</source>
        <translation>通过开放式提问了解到的原因</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/items.py" line="140"/>
        <source>Open questions: “Is it different from what you expected?” · “Did delivery take longer than you hoped?” · “Was anything about using it difficult?”</source>
        <translation>开放式提问：“和您预想的有哪里不一样吗？” · “送货是不是比您预期的慢？” · “用起来有什么不方便的地方吗？”</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Something went wrong. Nothing finalised was lost; try again.</source>
        <translation>出错了。已归档的退货单都没有丢失，请重试。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="239"/>
        <source>Case {0} finalised and stored on this counter.</source>
        <translation>退货单 {0} 已完成归档，并保存在本柜台。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="248"/>
        <source>{0} · {1} finalised case(s) waiting to sync</source>
        <translation>{0} · 待同步的已归档退货单：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254"/>
        <source>ReturnDesk — returns counter</source>
        <translation>ReturnDesk — 退货柜台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="255"/>
        <location filename="../../ui/main_window.py" line="256"/>
        <source>Open consultations</source>
        <translation>待处理咨询</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="257"/>
        <source>No open consultations. Press Ctrl+N for a new return.</source>
        <translation>暂无待处理咨询。按 Ctrl+N 新建退货单。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="258"/>
        <location filename="../../ui/main_window.py" line="262"/>
        <source>&amp;New return</source>
        <translation>新建退货单(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="259"/>
        <source>New return</source>
        <translation>新建退货单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="260"/>
        <source>&amp;Resume selected</source>
        <translation>继续处理所选(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="261"/>
        <source>Resume selected case</source>
        <translation>继续处理所选退货单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="263"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="264"/>
        <source>&amp;Cases</source>
        <translation>退货单(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="265"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="266"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>PhotoPanel</name>
    <message>
        <location filename="../../ui/photo_panel.py" line="90"/>
        <source>Storing the photo…</source>
        <translation>正在保存照片…</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="112"/>
        <source>&amp;Add photo from file…</source>
        <translation>从文件添加照片(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="113"/>
        <source>Add photo from file</source>
        <translation>从文件添加照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="114"/>
        <source>&amp;Remove selected photo</source>
        <translation>移除所选照片(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="115"/>
        <source>Remove selected photo</source>
        <translation>移除所选照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="116"/>
        <source>Photos of the item</source>
        <translation>商品照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="117"/>
        <source>No camera on this counter: add photos from a file.</source>
        <translation>本柜台没有摄像头：请从文件添加照片。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../ui/photo_panel.py" line="33"/>
        <source>Choose a photo of the item</source>
        <translation>选择商品照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="35"/>
        <source>Images (*.jpg *.jpeg *.png *.webp *.heic *.heif);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.webp *.heic *.heif);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../ui/queue.py" line="29"/>
        <source>{0} h {1} min</source>
        <translation>{0}小时{1}分钟</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="30"/>
        <source>{0} min</source>
        <translation>{0}分钟</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="74"/>
        <source>Case</source>
        <translation>退货单号</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="75"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="76"/>
        <source>Customer&apos;s words</source>
        <translation>顾客原话</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="77"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="78"/>
        <source>Waiting</source>
        <translation>已等待</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="79"/>
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="80"/>
        <source>Step</source>
        <translation>当前步骤</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="104"/>
        <source>answered</source>
        <translation>已响应</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="107"/>
        <source>overdue {0}</source>
        <translation>已超时{0}</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="109"/>
        <source>due in {0}</source>
        <translation>剩余{0}</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="122"/>
        <source>Intake</source>
        <translation>接待登记</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="123"/>
        <source>Identity &amp; order</source>
        <translation>身份与订单</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="124"/>
        <source>Items &amp; reason</source>
        <translation>商品与原因</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="125"/>
        <source>Condition &amp; photo</source>
        <translation>商品状态与照片</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="126"/>
        <source>Resolution</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="127"/>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
</context>
<context>
    <name>ResolutionPage</name>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="108"/>
        <source>Resolution</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="109"/>
        <source>Choose what the customer gets; write down what happens next.</source>
        <translation>选择给顾客的处理方案，并记录后续安排。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="119"/>
        <source>Resolution:</source>
        <translation>处理方案：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="120"/>
        <source>Refund &amp;amount:</source>
        <translation>退款金额(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="121"/>
        <source>Refund &amp;method:</source>
        <translation>退款方式(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="122"/>
        <source>&amp;Notes / goodwill gesture:</source>
        <translation>备注/善意补偿(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="123"/>
        <source>e.g. cleaned free of charge and sent back</source>
        <translation>例如：免费清洗后寄回</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="124"/>
        <source>Follow-up:</source>
        <translation>跟进：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="125"/>
        <source>&amp;Follow up on</source>
        <translation>跟进日期(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="126"/>
        <source>Follow-up needed</source>
        <translation>需要跟进</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="127"/>
        <source>Follow-up date</source>
        <translation>跟进日期</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../ui/wizard/summary.py" line="34"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="34"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="36"/>
        <source>Case</source>
        <translation>退货单号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="37"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="38"/>
        <source>Customer&apos;s words</source>
        <translation>顾客原话</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="39"/>
        <source>Emotion</source>
        <translation>情绪</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="40"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="41"/>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="43"/>
        <source>Requester</source>
        <translation>来访人</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="44"/>
        <source>on behalf of the orderer ({0}): {1}</source>
        <translation>{1}（下单人的{0}，代办）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="48"/>
        <source>the orderer</source>
        <translation>下单人本人</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="51"/>
        <source>Identity</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="53"/>
        <source>confirmed</source>
        <translation>已通过</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="54"/>
        <source>MISMATCH — flagged</source>
        <translation>信息不符——已标记</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="55"/>
        <source>not checked</source>
        <translation>未核验</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="63"/>
        <source>Items</source>
        <translation>退回商品</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="65"/>
        <source>Kind of problem</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="66"/>
        <source>Stated reason</source>
        <translation>自述原因</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="67"/>
        <source>Real reason</source>
        <translation>真实原因</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="68"/>
        <source>Packaging kept</source>
        <translation>原包装保留</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="69"/>
        <source>Tags intact</source>
        <translation>吊牌完好</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="70"/>
        <source>Seal unopened</source>
        <translation>塑封完好</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="71"/>
        <source>Signs of use</source>
        <translation>使用痕迹</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="72"/>
        <source>Condition notes</source>
        <translation>状态备注</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="73"/>
        <source>Resolution</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="78"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="82"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="85"/>
        <source>Follow-up</source>
        <translation>跟进日期</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="86"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="98"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="105"/>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="107"/>
        <source>Check everything with the customer. Finalising stores the case for good.</source>
        <translation>请与顾客逐项核对。完成归档后，退货单将永久保存，不能再修改。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="109"/>
        <source>Case summary</source>
        <translation>退货单汇总</translation>
    </message>
</context>
<context>
    <name>YesNo</name>
    <message>
        <location filename="../../ui/wizard/condition.py" line="53"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="54"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="55"/>
        <source>{0}: yes</source>
        <translation>{0}：是</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="56"/>
        <source>{0}: no</source>
        <translation>{0}：否</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../ui/labels.py" line="12"/>
        <source>At the counter</source>
        <translation>柜台现场</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="13"/>
        <source>Phone (hotline)</source>
        <translation>电话（热线）</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="14"/>
        <source>App chat</source>
        <translation>App 在线客服</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="15"/>
        <source>Short-video comment</source>
        <translation>短视频评论</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="16"/>
        <location filename="../../ui/labels.py" line="46"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="22"/>
        <source>Calm</source>
        <translation>平静</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="23"/>
        <source>Anxious</source>
        <translation>着急</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="24"/>
        <source>Upset</source>
        <translation>不满</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="25"/>
        <source>Angry</source>
        <translation>愤怒</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="31"/>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="32"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="33"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="39"/>
        <source>Quality problem</source>
        <translation>质量问题</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="40"/>
        <source>Logistics (crushed, late, lost)</source>
        <translation>物流问题（压坏、延误、丢件）</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="41"/>
        <source>Size or colour mismatch</source>
        <translation>尺码/颜色不符</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="42"/>
        <source>Not as described</source>
        <translation>与描述不符</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="43"/>
        <source>Wrong item sent</source>
        <translation>发错货</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="44"/>
        <source>Missing parts</source>
        <translation>缺少配件</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="45"/>
        <source>Changed mind / dislike</source>
        <translation>不想要了/不喜欢</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="52"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="53"/>
        <source>Exchange</source>
        <translation>换货</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="54"/>
        <source>Replacement (ship a new one)</source>
        <translation>补发（重新发一件）</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="55"/>
        <source>Repair</source>
        <translation>维修</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="56"/>
        <source>Store credit / compensation coupon</source>
        <translation>店铺余额/补偿券</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="57"/>
        <source>Decline, with a goodwill gesture</source>
        <translation>不予退换，给予善意补偿</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="63"/>
        <source>Back to the original payment</source>
        <translation>原路退回</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="64"/>
        <location filename="../../ui/labels.py" line="74"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="65"/>
        <source>Store credit</source>
        <translation>店铺余额</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="71"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="72"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="73"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="80"/>
        <source>Ordinary goods</source>
        <translation>普通商品</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="81"/>
        <source>Fresh food</source>
        <translation>生鲜</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="82"/>
        <source>Medicine</source>
        <translation>药品</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="83"/>
        <source>Electronics</source>
        <translation>电子产品</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="84"/>
        <source>Underwear / hygiene</source>
        <translation>内衣/卫生用品</translation>
    </message>
</context>
<context>
    <name>orders</name>
    <message>
        <location filename="../../core/orders.py" line="35"/>
        <source>Enter or scan the order number.</source>
        <translation>请输入或扫描订单号。</translation>
    </message>
    <message>
        <location filename="../../core/orders.py" line="40"/>
        <source>“{0}” is not an order number. Order numbers are two letters followed by digits, e.g. SH2611250042.</source>
        <translation>“{0}”不是有效的订单号。订单号由两个字母加数字组成，例如 SH2611250042。</translation>
    </message>
    <message>
        <location filename="../../core/orders.py" line="109"/>
        <source>No order {0} on this counter. Check the number with the customer.</source>
        <translation>本柜台查不到订单 {0}，请与顾客核对订单号。</translation>
    </message>
</context>
<context>
    <name>photos</name>
    <message>
        <location filename="../../core/photos.py" line="94"/>
        <source>The photo</source>
        <translation>该照片</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="151"/>
        <source>{name} is empty (0 bytes). Copy the photo again from the camera.</source>
        <translation>{name}是空文件（0字节）。请从相机重新拷贝照片。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="158"/>
        <source>{name} is too large ({size} MB). A photo can be at most {limit} MB.</source>
        <translation>{name}太大（{size} MB）。照片不能超过 {limit} MB。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="176"/>
        <source>{name} is a folder, not a picture.</source>
        <translation>{name}是文件夹，不是图片。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="186"/>
        <source>{name} could not be found. It may have been moved or deleted.</source>
        <translation>找不到{name}，可能已被移动或删除。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="194"/>
        <source>{name} could not be read. Check that it is not open in another program and that you are allowed to open it.</source>
        <translation>无法读取{name}。请检查它是否正被其他程序占用，以及您是否有权限打开它。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="221"/>
        <source>{name} is incomplete: the file ends before the picture does. Copy it again from the camera.</source>
        <translation>{name}不完整：文件在图片结束之前就中断了。请从相机重新拷贝。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="271"/>
        <source>{name} is not a picture. Choose a photo in one of these formats: {formats}.</source>
        <translation>{name}不是图片。请选择以下格式之一的照片：{formats}。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="278"/>
        <source>{name} is a {format} file, which cannot be used here. Supported formats: {formats}.</source>
        <translation>{name}是 {format} 文件，此处无法使用。支持的格式：{formats}。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="361"/>
        <source>{name} is damaged and cannot be opened.</source>
        <translation>{name}已损坏，无法打开。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="370"/>
        <source>{name} is too large to open safely ({width} × {height} pixels). A photo can have at most {megapixels} megapixels.</source>
        <translation>{name}分辨率过高，无法安全打开（{width} × {height} 像素）。照片最多 {megapixels} 百万像素。</translation>
    </message>
</context>
<context>
    <name>startup</name>
    <message>
        <location filename="../../desktop/app.py" line="134"/>
        <source>ReturnDesk cannot start: {0}</source>
        <translation>ReturnDesk 无法启动：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="137"/>
        <source>ReturnDesk could not start: {0}</source>
        <translation>ReturnDesk 启动失败：{0}</translation>
    </message>
</context>
</TS>
