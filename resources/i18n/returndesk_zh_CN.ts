<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../ui/approval_dialog.py" line="93"/>
        <source>Supervisor approval</source>
        <translation>主管审批</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="95"/>
        <source>A supervisor must approve: {0}.</source>
        <translation>需主管审批：{0}。</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="99"/>
        <source>&amp;Supervisor:</source>
        <translation>主管(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="100"/>
        <source>&amp;PIN:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="101"/>
        <source>&amp;Why:</source>
        <translation>理由(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="103"/>
        <source>The reason, in a sentence (it is kept with the case)</source>
        <translation>用一句话说明理由（将随退货单一并保存）</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="105"/>
        <source>&amp;Approve</source>
        <translation>批准(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="106"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../ui/approval_dialog.py" line="107"/>
        <location filename="../../ui/approval_dialog.py" line="108"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CameraBox</name>
    <message>
        <location filename="../../ui/camera.py" line="178"/>
        <source>This counter is set up without a camera.</source>
        <translation>本柜台设置为不使用摄像头。</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="220"/>
        <source>The camera is not ready yet. Try again in a moment.</source>
        <translation>相机还没准备好，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="280"/>
        <location filename="../../ui/camera.py" line="311"/>
        <source>No camera was found on this computer.</source>
        <translation>这台电脑上没有找到相机。</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="286"/>
        <source>The camera set for this counter ({0}) was not found; using {1}.</source>
        <translation>未找到为本柜台设置的摄像头（{0}），改用 {1}。</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="319"/>
        <source>The camera stopped.</source>
        <translation>相机已停止。</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="364"/>
        <source>Starting the camera…</source>
        <translation>正在启动相机…</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="368"/>
        <source>Camera off</source>
        <translation>相机已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="372"/>
        <source>Ca&amp;mera:</source>
        <translation>相机(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="373"/>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="374"/>
        <source>Camera picture</source>
        <translation>相机画面</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="375"/>
        <source>Keep this photo, or take it again</source>
        <translation>保留这张照片，或重新拍摄</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="376"/>
        <source>&amp;Take photo</source>
        <translation>拍照(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="377"/>
        <source>Take photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="378"/>
        <source>Take a&amp;gain</source>
        <translation>重拍(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="379"/>
        <source>Take the photo again</source>
        <translation>重新拍摄照片</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="380"/>
        <source>&amp;Keep photo</source>
        <translation>保留照片(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="381"/>
        <source>Keep this photo</source>
        <translation>保留这张照片</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="382"/>
        <source>Tr&amp;y the camera again</source>
        <translation>重试相机(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/camera.py" line="383"/>
        <source>Try the camera again</source>
        <translation>重新尝试启动相机</translation>
    </message>
</context>
<context>
    <name>CaseService</name>
    <message>
        <location filename="../../core/cases.py" line="164"/>
        <source>No staff are registered for this store.</source>
        <translation>本门店尚未登记任何店员。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="172"/>
        <location filename="../../core/cases.py" line="184"/>
        <source>This counter&apos;s store is not in the database.</source>
        <translation>数据库中没有本柜台所属的门店。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="262"/>
        <source>Look up the order first.</source>
        <translation>请先查询订单。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="367"/>
        <source>Choose where the customer contacted us.</source>
        <translation>请选择顾客的来访渠道。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="371"/>
        <source>Write down what the customer said, in their words.</source>
        <translation>请按顾客原话记录。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="374"/>
        <source>Choose how the customer feels.</source>
        <translation>请选择顾客的情绪。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="379"/>
        <source>Look up the order first (type or scan its number).</source>
        <translation>请先查询订单（输入或扫描订单号）。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="385"/>
        <source>Write down who is returning on the orderer&apos;s behalf.</source>
        <translation>请填写代办人姓名。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="392"/>
        <source>Write down how they are related to the orderer.</source>
        <translation>请填写代办人与下单人的关系。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="397"/>
        <source>Ask for the orderer&apos;s name as on the order.</source>
        <translation>请询问订单上的下单人姓名。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="402"/>
        <source>Ask for the last 4 digits of the orderer&apos;s phone number.</source>
        <translation>请询问下单人手机号后4位。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="409"/>
        <source>Press “Check identity” before going on.</source>
        <translation>请先点击“核验身份”再继续。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="413"/>
        <source>The name or phone digits do not match the order. Stop here: the case is flagged, and only a supervisor may continue it.</source>
        <translation>姓名或手机号后4位与订单不符。请停止办理：此退货单已被标记，只有主管可以继续处理。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="424"/>
        <source>Choose at least one item and how many are returned.</source>
        <translation>请至少选择一件商品，并填写退回数量。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="434"/>
        <source>An item that is not on this order was chosen.</source>
        <translation>所选商品不在此订单中。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="443"/>
        <source>{0}: only {1} can still be returned ({2} bought, {3} already in other returns).</source>
        <translation>{0}：最多还能退{1}件（共购买{2}件，其他退货单已退{3}件）。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="451"/>
        <source>Choose the kind of problem.</source>
        <translation>请选择问题类型。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="455"/>
        <source>This kind of problem is not in the store policy.</source>
        <translation>门店退货政策中没有此问题类型。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="460"/>
        <source>Write down the reason the customer gives.</source>
        <translation>请填写顾客自述的原因。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="465"/>
        <source>Answer this question about the item.</source>
        <translation>请查看商品后回答此项。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="473"/>
        <source>This kind of problem needs a photo of the item as evidence.</source>
        <translation>此类问题需要拍摄商品照片作为凭证。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="479"/>
        <source>Choose how the case is resolved.</source>
        <translation>请选择处理方案。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="483"/>
        <source>Enter the amount to refund.</source>
        <translation>请输入退款金额。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="487"/>
        <source>The refund cannot exceed the value of the returned items (¥{0}).</source>
        <translation>退款金额不能超过退回商品的价值（¥{0}）。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="494"/>
        <source>Choose how the money goes back.</source>
        <translation>请选择退款方式。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="502"/>
        <source>Set a follow-up date: something is still to happen.</source>
        <translation>还有后续事项，请设置跟进日期。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="510"/>
        <source>{0} is not possible here: {1}.</source>
        <translation>不能选择“{0}”：{1}。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="518"/>
        <source>This needs a supervisor&apos;s approval: {0}.</source>
        <translation>此项需主管审批：{0}。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="584"/>
        <source>Unknown approval.</source>
        <translation>未知的审批类型。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="587"/>
        <source>Write down why this is approved.</source>
        <translation>请填写审批理由。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="595"/>
        <source>Only a supervisor can approve this.</source>
        <translation>只有主管可以审批此项。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="607"/>
        <source>There is no identity mismatch to override.</source>
        <translation>身份核验并无不符，无需特批。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="652"/>
        <source>{0} has already been returned in another case.</source>
        <translation>{0}已在其他退货单中退过。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="695"/>
        <source>This case no longer exists.</source>
        <translation>此退货单已不存在。</translation>
    </message>
    <message>
        <location filename="../../core/cases.py" line="702"/>
        <source>Case {0} is finalised and can no longer be changed.</source>
        <translation>退货单 {0} 已完成归档，不能再修改。</translation>
    </message>
</context>
<context>
    <name>CaseWizard</name>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="206"/>
        <source>Something went wrong and this step was not saved. The case is kept up to the last page; try again, and tell IT if it happens again.</source>
        <translation>出错了，这一步没有保存。之前各页的内容仍在；请重试，如果再次出现请告知 IT 部门。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="216"/>
        <location filename="../../ui/wizard/wizard.py" line="421"/>
        <source>Return case {0}</source>
        <translation>退货单 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="422"/>
        <source>&amp;Finalise</source>
        <translation>完成归档(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="424"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="425"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="426"/>
        <source>Finalise</source>
        <translation>完成归档</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="427"/>
        <source>Close and keep draft</source>
        <translation>关闭并保存草稿</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="429"/>
        <source>Close and &amp;keep draft</source>
        <translation>关闭并保存草稿(&amp;K)</translation>
    </message>
</context>
<context>
    <name>ConditionPage</name>
    <message>
        <location filename="../../ui/wizard/condition.py" line="114"/>
        <source>within the return window: {0} left</source>
        <translation>在退货期限内：还剩{0}</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="117"/>
        <source>outside the return window by {0}</source>
        <translation>已超出退货期限{0}</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="119"/>
        <source>{0} ({1}): {2}</source>
        <translation>{0}（{1}）：{2}</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="125"/>
        <source>Can be sold again.</source>
        <translation>可二次销售。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="132"/>
        <source>Cannot be sold again: {0}.</source>
        <translation>不能二次销售：{0}。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="139"/>
        <source>This kind of problem needs a photo as evidence.</source>
        <translation>此类问题需要拍照作为凭证。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="166"/>
        <source>Condition &amp; photo</source>
        <translation>商品状态与照片</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="167"/>
        <source>Can it be sold again? Take a photo as evidence.</source>
        <translation>能否二次销售？请拍照留作凭证。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="169"/>
        <source>Original packaging kept?</source>
        <translation>原包装是否保留？</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="170"/>
        <source>Tags intact?</source>
        <translation>吊牌是否完好？</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="171"/>
        <source>Seal unopened?</source>
        <translation>塑封是否完好？</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="172"/>
        <source>Signs of use (washing marks, scratches)?</source>
        <translation>是否有使用痕迹（水洗痕迹、划痕）？</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="177"/>
        <source>Condition &amp;notes:</source>
        <translation>状态备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="178"/>
        <source>Photos:</source>
        <translation>照片：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="179"/>
        <source>Return window and condition</source>
        <translation>退货期限与商品状态</translation>
    </message>
</context>
<context>
    <name>FinishedCases</name>
    <message>
        <location filename="../../ui/finished_cases.py" line="50"/>
        <source>At the centre</source>
        <translation>已到总部</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="52"/>
        <source>Refused by the centre</source>
        <translation>总部已拒收</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="54"/>
        <source>Waiting to sync</source>
        <translation>等待同步</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="55"/>
        <source>Not sent</source>
        <translation>未发送</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="98"/>
        <source>Case</source>
        <translation>退货单号</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="99"/>
        <source>Finalised</source>
        <translation>归档时间</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="100"/>
        <source>Reason</source>
        <translation>退换原因</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="101"/>
        <source>Resolution</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="102"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="103"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="104"/>
        <source>Regional lead</source>
        <translation>区域主管</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="128"/>
        <source>{0} note(s)</source>
        <translation>{0} 条备注</translation>
    </message>
</context>
<context>
    <name>FinishedCasesWindow</name>
    <message>
        <location filename="../../ui/finished_cases.py" line="262"/>
        <source>Finalised cases</source>
        <translation>已完成的退货单</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="263"/>
        <source>&amp;Find:</source>
        <translation>查找(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="264"/>
        <source>Case number or the customer&apos;s words</source>
        <translation>单号或顾客原话</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="265"/>
        <source>Find a finalised case</source>
        <translation>查找已完成的退货单</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="266"/>
        <source>Finalised cases of the last 30 days</source>
        <translation>最近 30 天已完成的退货单</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="267"/>
        <source>Notes from the regional lead</source>
        <translation>区域经理的批注</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="268"/>
        <source>&amp;Print receipt again…</source>
        <translation>重新打印回执(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="269"/>
        <source>Print the receipt again</source>
        <translation>重新打印回执</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="270"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="272"/>
        <source>No finalised case matches.</source>
        <translation>没有符合的已完成退货单。</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="274"/>
        <source>No case was finalised here in the last 30 days.</source>
        <translation>最近 30 天本柜台没有完成的退货单。</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="321"/>
        <source>Select a case to see its notes.</source>
        <translation>选择一张退货单查看备注。</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="324"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="330"/>
        <source>The centre refused this case: {0}</source>
        <translation>总部拒收了此单：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="336"/>
        <source>No note from the regional lead yet.</source>
        <translation>区域主管尚未留下备注。</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="339"/>
        <source>{0}, {1}</source>
        <translation>{0}、{1}</translation>
    </message>
    <message>
        <location filename="../../ui/finished_cases.py" line="340"/>
        <source>Regional lead</source>
        <translation>区域主管</translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <location filename="../../ui/wizard/identity.py" line="200"/>
        <source>No order looked up yet.</source>
        <translation>尚未查询订单。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="205"/>
        <source>not delivered yet</source>
        <translation>尚未送达</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="208"/>
        <source>  • {0} × {1}  ({2} each)</source>
        <translation>  • {0} × {1}（单价 {2}）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="214"/>
        <source>Order {0} · paid by {1} · total {2}
Ordered {3} · delivered {4}
{5}</source>
        <translation>订单 {0} · 支付方式：{1} · 合计 {2}
下单时间：{3} · 送达时间：{4}
{5}</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="229"/>
        <source>✔ Identity confirmed: name and phone digits match the order.</source>
        <translation>✔ 身份核验通过：姓名和手机号后4位与订单一致。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="234"/>
        <source>⚠ Did not match, but a supervisor approved going on (recorded).</source>
        <translation>⚠ 信息不符，但主管已批准继续办理（已记录）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="240"/>
        <source>✖ Does not match the order. Stop: do not hand out a refund. The case is flagged; only a supervisor may continue it.</source>
        <translation>✖ 与订单信息不符。请停止办理，不得退款。此退货单已被标记，只有主管可以继续处理。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="247"/>
        <source>Ask for the orderer&apos;s name and the last 4 digits of their phone.</source>
        <translation>请询问下单人姓名及手机号后4位。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="251"/>
        <source>Identity &amp; order</source>
        <translation>身份与订单</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="252"/>
        <source>Find the order, then confirm who is asking.</source>
        <translation>先查到订单，再核实来访人身份。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="254"/>
        <source>&amp;Order number:</source>
        <translation>订单号(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="255"/>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="256"/>
        <source>Type or scan, then Enter</source>
        <translation>输入或扫码后按回车</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="257"/>
        <source>&amp;Look up</source>
        <translation>查询(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="258"/>
        <source>Look up order</source>
        <translation>查询订单</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="259"/>
        <source>Who is asking:</source>
        <translation>来访人：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="260"/>
        <source>The orderer &amp;themselves</source>
        <translation>下单人本人(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="261"/>
        <source>The orderer themselves</source>
        <translation>下单人本人</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="262"/>
        <source>Someone on their be&amp;half</source>
        <translation>他人代办(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="263"/>
        <source>Someone on their behalf</source>
        <translation>他人代办</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="264"/>
        <source>Re&amp;quester&apos;s name:</source>
        <translation>来访人姓名(&amp;Q)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="265"/>
        <source>Relations&amp;hip to orderer:</source>
        <translation>与下单人关系(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="266"/>
        <source>e.g. friend, mother, colleague</source>
        <translation>如：朋友、母亲、同事</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="267"/>
        <source>Orderer&apos;s &amp;name:</source>
        <translation>下单人姓名(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="268"/>
        <source>Last &amp;4 phone digits:</source>
        <translation>手机号后4位(&amp;4)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="269"/>
        <source>as the requester states them</source>
        <translation>按来访人所说填写</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="270"/>
        <source>Identity:</source>
        <translation>身份核验：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="271"/>
        <source>&amp;Check identity</source>
        <translation>核验身份(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="272"/>
        <source>Check identity</source>
        <translation>核验身份</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="273"/>
        <source>Supervisor &amp;override…</source>
        <translation>主管特批(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="274"/>
        <source>Supervisor override</source>
        <translation>主管特批</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="275"/>
        <source>No number? &amp;Search…</source>
        <translation>没有订单号？搜索(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity.py" line="276"/>
        <source>Search for the order without its number</source>
        <translation>无订单号时搜索订单</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <location filename="../../ui/wizard/intake.py" line="90"/>
        <source>Suggested priority: {0} (because of: {1})</source>
        <translation>建议优先级：{0}（依据：{1}）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/wizard/intake.py" line="119"/>
        <source>First response due within %n minute(s).</source>
        <translation>
            <numerusform>须在%n分钟内首次响应。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="122"/>
        <source>Intake</source>
        <translation>接待登记</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="123"/>
        <source>Receive the feeling first, then the problem.</source>
        <translation>先处理心情，再处理事情。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="128"/>
        <source>&amp;Channel:</source>
        <translation>渠道(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="129"/>
        <source>Customer&apos;s &amp;words:</source>
        <translation>顾客原话(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="131"/>
        <source>Verbatim, e.g. “I&apos;ve waited three days and the collar is coming apart!”</source>
        <translation>照原话记录，例如：“我等了三天，领口都开线了！”</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="133"/>
        <source>&amp;Emotion:</source>
        <translation>情绪(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="134"/>
        <source>&amp;Priority:</source>
        <translation>优先级(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="135"/>
        <source>Urgent goods:</source>
        <translation>紧急商品：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="135"/>
        <source>Fresh food or medicine</source>
        <translation>生鲜或药品</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="136"/>
        <source>&amp;Fresh food or medicine (5-minute response)</source>
        <translation>生鲜或药品（5分钟内响应）(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="137"/>
        <location filename="../../ui/wizard/intake.py" line="138"/>
        <source>Empathy prompt</source>
        <translation>共情提示</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/intake.py" line="141"/>
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
        <location filename="../../ui/main_window.py" line="430"/>
        <source>Something went wrong. Nothing finalised was lost; try again.</source>
        <translation>出错了。已归档的退货单都没有丢失，请重试。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="525"/>
        <source>Case {0} finalised and stored on this counter.</source>
        <translation>退货单 {0} 已完成归档，并保存在本柜台。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="362"/>
        <source>{0} consultation(s) still waiting for a first response ({1} overdue): {2}</source>
        <translation>{0}个咨询仍在等待首次响应（{1}个已超时）：{2}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="63"/>
        <source>Cancel consultation</source>
        <translation>取消咨询</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="64"/>
        <source>Why is {0} cancelled?</source>
        <translation>为什么取消 {0}？</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="376"/>
        <source>ReturnDesk</source>
        <translation>ReturnDesk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="398"/>
        <source>Close the case&apos;s wizard first.</source>
        <translation>请先关闭该退货单的办理窗口。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="500"/>
        <source>Signing in failed. Try again.</source>
        <translation>登录失败，请重试。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="516"/>
        <source>{0} new note(s) from the regional lead: see File ▸ Finalised cases (Ctrl+Shift+F).</source>
        <translation>区域主管有 {0} 条新备注：请查看 文件 ▸ 已完成的退货单（Ctrl+Shift+F）。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="547"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="549"/>
        <source>nobody signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="552"/>
        <source>{0} · {1} · {2} finalised case(s) waiting to sync</source>
        <translation>{0} · {1} · 待同步的已归档退货单：{2}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="558"/>
        <source>ReturnDesk — returns counter</source>
        <translation>ReturnDesk — 退货柜台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="559"/>
        <location filename="../../ui/main_window.py" line="560"/>
        <source>Open consultations</source>
        <translation>待处理咨询</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="561"/>
        <source>No open consultations. Press Ctrl+N for a new return.</source>
        <translation>暂无待处理咨询。按 Ctrl+N 新建退货单。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="562"/>
        <location filename="../../ui/main_window.py" line="568"/>
        <source>&amp;New return</source>
        <translation>新建退货单(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="563"/>
        <source>New return</source>
        <translation>新建退货单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="564"/>
        <source>&amp;Resume selected</source>
        <translation>继续处理所选(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="565"/>
        <source>Resume selected case</source>
        <translation>继续处理所选退货单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="566"/>
        <source>&amp;Cancel consultation…</source>
        <translation>取消咨询(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="567"/>
        <source>Cancel the selected consultation</source>
        <translation>取消所选咨询</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="569"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="570"/>
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="571"/>
        <source>Sync &amp;status…</source>
        <translation>同步状态(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="572"/>
        <source>&amp;Finalised cases…</source>
        <translation>已完成的退货单(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="573"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="574"/>
        <source>&amp;Cases</source>
        <translation>退货单(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="575"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="576"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>OrderSearchDialog</name>
    <message numerus="yes">
        <location filename="../../ui/order_search.py" line="126"/>
        <source>%n order(s) found.</source>
        <translation>
            <numerusform>共找到%n个订单。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="149"/>
        <source>Choose one of the orders found.</source>
        <translation>请从找到的订单中选择一个。</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="155"/>
        <source>Find the order without its number</source>
        <translation>无订单号查找订单</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="156"/>
        <source>&amp;Ordered between:</source>
        <translation>下单日期(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="157"/>
        <source>Ordered from</source>
        <translation>下单日期起</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="158"/>
        <source>Ordered until</source>
        <translation>下单日期止</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="159"/>
        <source>and</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="160"/>
        <source>Delivery &amp;address contains:</source>
        <translation>收货地址包含(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="161"/>
        <source>e.g. 锦绣苑 (home) or 大厦 (office)</source>
        <translation>如：锦绣苑（住宅）或大厦（写字楼）</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="162"/>
        <source>&amp;Paid with:</source>
        <translation>支付方式(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="166"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="168"/>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="169"/>
        <source>Search orders</source>
        <translation>搜索订单</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="170"/>
        <source>Orders found</source>
        <translation>找到的订单</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="173"/>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="174"/>
        <source>Ordered</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="175"/>
        <source>Paid with</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="176"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="177"/>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="178"/>
        <source>Address</source>
        <translation>收货地址</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="181"/>
        <source>&amp;Use this order</source>
        <translation>选用此订单(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="182"/>
        <source>Use this order</source>
        <translation>选用此订单</translation>
    </message>
    <message>
        <location filename="../../ui/order_search.py" line="183"/>
        <location filename="../../ui/order_search.py" line="184"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>PhotoPanel</name>
    <message>
        <location filename="../../ui/photo_panel.py" line="192"/>
        <source>{caption}{width}×{height} — double-click to view</source>
        <translation>{caption}{width}×{height} — 双击查看</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="224"/>
        <source>There is no picture on the clipboard. Copy a photo or a photo file first, then paste it here.</source>
        <translation>剪贴板里没有图片。请先复制一张照片或照片文件，再粘贴到这里。</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="258"/>
        <source>Drop to add the photos.</source>
        <translation>松开即可添加照片。</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="339"/>
        <source>Add photos from a file, drag them here, or paste one (Ctrl+V).</source>
        <translation>可以从文件添加照片、把照片拖到这里，或粘贴（Ctrl+V）。</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="342"/>
        <source>{0} {1}</source>
        <translation>{0}{1}</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="348"/>
        <source>Type a caption first if you like. You can also add photos from a file, drag them here, or paste one (Ctrl+V).</source>
        <translation>如需说明，请先填写照片说明。也可以从文件添加照片、把照片拖到这里，或粘贴（Ctrl+V）。</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="364"/>
        <source>Storing the photo…</source>
        <translation>正在保存照片…</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="367"/>
        <source>Capt&amp;ion:</source>
        <translation>照片说明(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="368"/>
        <source>Caption for the next photo</source>
        <translation>下一张照片的说明</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="369"/>
        <source>e.g. seam open at the left sleeve</source>
        <translation>例如：左袖开线</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="370"/>
        <source>&amp;Add photo from file…</source>
        <translation>从文件添加照片(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="371"/>
        <source>Add photo from file</source>
        <translation>从文件添加照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="372"/>
        <source>&amp;Paste photo</source>
        <translation>粘贴照片(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="373"/>
        <source>Paste photo</source>
        <translation>粘贴照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="374"/>
        <source>Ctrl+V: a copied picture or photo file</source>
        <translation>Ctrl+V：粘贴复制的图片或照片文件</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="375"/>
        <source>&amp;Remove selected photo</source>
        <translation>移除所选照片(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="376"/>
        <source>Remove selected photo</source>
        <translation>移除所选照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="377"/>
        <location filename="../../ui/photo_panel.py" line="378"/>
        <source>Photos of the item</source>
        <translation>商品照片</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../../ui/photo_viewer.py" line="209"/>
        <location filename="../../ui/photo_viewer.py" line="210"/>
        <source>Photo of the item</source>
        <translation>商品照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_viewer.py" line="211"/>
        <location filename="../../ui/photo_viewer.py" line="212"/>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_viewer.py" line="213"/>
        <source>(no caption)</source>
        <translation>（无说明）</translation>
    </message>
    <message>
        <location filename="../../ui/photo_viewer.py" line="214"/>
        <source>Caption</source>
        <translation>照片说明</translation>
    </message>
    <message>
        <location filename="../../ui/photo_viewer.py" line="215"/>
        <source>&amp;Fit to window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/photo_viewer.py" line="215"/>
        <source>&amp;Actual size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/photo_viewer.py" line="217"/>
        <source>Fit the photo to the window</source>
        <translation>让照片适应窗口大小</translation>
    </message>
    <message>
        <location filename="../../ui/photo_viewer.py" line="217"/>
        <source>Show actual size</source>
        <translation>按实际大小显示</translation>
    </message>
    <message>
        <location filename="../../ui/photo_viewer.py" line="219"/>
        <source>Double-click the photo to switch, too.</source>
        <translation>双击照片也可以切换。</translation>
    </message>
    <message>
        <location filename="../../ui/photo_viewer.py" line="221"/>
        <source>Close the photo</source>
        <translation>关闭照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_viewer.py" line="225"/>
        <source>The photo file is missing or cannot be read. Run the photo check (returndesk verify-photos) and tell the supervisor.</source>
        <translation>照片文件丢失或无法读取。请运行照片检查（returndesk verify-photos）并告知主管。</translation>
    </message>
    <message>
        <location filename="../../ui/photo_viewer.py" line="232"/>
        <source>This photo file was changed after it was stored: it no longer matches the case record. Tell the supervisor.</source>
        <translation>这张照片在保存后被改动过，已与案件记录不符。请告知主管。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../ui/photo_panel.py" line="53"/>
        <source>Choose a photo of the item</source>
        <translation>选择商品照片</translation>
    </message>
    <message>
        <location filename="../../ui/photo_panel.py" line="55"/>
        <source>Images (*.jpg *.jpeg *.png *.webp *.heic *.heif);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.webp *.heic *.heif);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../ui/queue.py" line="31"/>
        <source>{0} h {1} min</source>
        <translation>{0}小时{1}分钟</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="32"/>
        <source>{0} min</source>
        <translation>{0}分钟</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="80"/>
        <source>Case</source>
        <translation>退货单号</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="81"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="82"/>
        <source>Customer&apos;s words</source>
        <translation>顾客原话</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="83"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="84"/>
        <source>Waiting</source>
        <translation>已等待</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="85"/>
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="86"/>
        <source>Step</source>
        <translation>当前步骤</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="110"/>
        <source>answered</source>
        <translation>已响应</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="113"/>
        <source>overdue {0}</source>
        <translation>已超时{0}</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="115"/>
        <source>due in {0}</source>
        <translation>剩余{0}</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="130"/>
        <source>Intake</source>
        <translation>接待登记</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="131"/>
        <source>Identity &amp; order</source>
        <translation>身份与订单</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="132"/>
        <source>Items &amp; reason</source>
        <translation>商品与原因</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="133"/>
        <source>Condition &amp; photo</source>
        <translation>商品状态与照片</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="134"/>
        <source>Resolution</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/queue.py" line="135"/>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="64"/>
        <location filename="../../ui/receipt_dialog.py" line="173"/>
        <source>Save the receipt as PDF</source>
        <translation>将凭证另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="66"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="166"/>
        <source>Receipt {0}</source>
        <translation>退换货凭证 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="167"/>
        <source>Customer&apos;s &amp;language:</source>
        <translation>顾客语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="168"/>
        <source>Customer&apos;s language</source>
        <translation>顾客语言</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="169"/>
        <source>Receipt</source>
        <translation>退换货凭证</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="170"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="171"/>
        <source>Print the receipt</source>
        <translation>打印凭证</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="172"/>
        <source>Save as P&amp;DF…</source>
        <translation>另存为 PDF(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="174"/>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="175"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="211"/>
        <source>The printer set for this counter ({0}) is not installed on this computer. Choose another printer, or save the receipt as PDF.</source>
        <translation>为本柜台设置的打印机（{0}）未安装在这台电脑上。请选择其他打印机，或将凭证另存为 PDF。</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="222"/>
        <source>The receipt could not be printed: {0}</source>
        <translation>凭证未能打印：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="225"/>
        <source>The receipt was sent to the printer.</source>
        <translation>凭证已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="241"/>
        <source>The PDF could not be saved to {0}: {1}</source>
        <translation>PDF 未能保存到 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_dialog.py" line="244"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
</context>
<context>
    <name>ResolutionPage</name>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="145"/>
        <source>not possible: {0}</source>
        <translation>不可选：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="152"/>
        <source>needs a supervisor: {0}</source>
        <translation>需主管审批：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="160"/>
        <source>✔ Approved by {0}: {1} — “{2}”</source>
        <translation>✔ {0}已批准（{1}）：“{2}”</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="170"/>
        <source>Needs a supervisor&apos;s approval: {0}.</source>
        <translation>需主管审批：{0}。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="174"/>
        <source>Within the counter&apos;s authority.</source>
        <translation>在柜台权限内，无需审批。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="217"/>
        <source>Resolution</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="218"/>
        <source>Choose what the customer gets; write down what happens next.</source>
        <translation>选择给顾客的处理方案，并记录后续安排。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="228"/>
        <source>Resolution:</source>
        <translation>处理方案：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="229"/>
        <source>Refund &amp;amount:</source>
        <translation>退款金额(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="230"/>
        <source>Refund &amp;method:</source>
        <translation>退款方式(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="231"/>
        <source>&amp;Notes / goodwill gesture:</source>
        <translation>备注/善意补偿(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="232"/>
        <source>e.g. cleaned free of charge and sent back</source>
        <translation>例如：免费清洗后寄回</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="233"/>
        <source>Follow-up:</source>
        <translation>跟进：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="234"/>
        <source>&amp;Goodwill value:</source>
        <translation>善意补偿金额(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="235"/>
        <source>Value of a coupon or gesture given on top</source>
        <translation>额外赠送的优惠券或善意补偿的价值</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="236"/>
        <source>Approval:</source>
        <translation>审批：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="237"/>
        <source>Ask a &amp;supervisor…</source>
        <translation>请主管审批(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="238"/>
        <source>Ask a supervisor to approve</source>
        <translation>请主管审批</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="240"/>
        <source>&amp;Follow up on</source>
        <translation>跟进日期(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="241"/>
        <source>Follow-up needed</source>
        <translation>需要跟进</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/resolution.py" line="242"/>
        <source>Follow-up date</source>
        <translation>跟进日期</translation>
    </message>
</context>
<context>
    <name>ReviewCaseModel</name>
    <message>
        <location filename="../../ui/review_model.py" line="116"/>
        <source>Click to sort all matching cases</source>
        <translation>点击按此列排序全部结果</translation>
    </message>
    <message>
        <location filename="../../ui/review_model.py" line="121"/>
        <source>Case</source>
        <translation>退货单号</translation>
    </message>
    <message>
        <location filename="../../ui/review_model.py" line="122"/>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location filename="../../ui/review_model.py" line="123"/>
        <source>Finalised</source>
        <translation>归档时间</translation>
    </message>
    <message>
        <location filename="../../ui/review_model.py" line="124"/>
        <source>Reason</source>
        <translation>退换原因</translation>
    </message>
    <message>
        <location filename="../../ui/review_model.py" line="125"/>
        <source>Resolution</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/review_model.py" line="126"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/review_model.py" line="127"/>
        <source>Staff</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../ui/review_model.py" line="128"/>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../../ui/review_model.py" line="129"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../ui/review_model.py" line="130"/>
        <source>Customer&apos;s words</source>
        <translation>顾客原话</translation>
    </message>
</context>
<context>
    <name>ReviewClient</name>
    <message>
        <location filename="../../core/review.py" line="457"/>
        <source>The server cannot be reached ({0}).</source>
        <translation>无法连接服务器（{0}）。</translation>
    </message>
    <message>
        <location filename="../../core/review.py" line="558"/>
        <source>This app is too old for the server: ask IT to update it. ({0})</source>
        <translation>本程序版本过旧，服务器已不支持：请联系 IT 部门更新。（{0}）</translation>
    </message>
    <message>
        <location filename="../../core/review.py" line="562"/>
        <source>The server does not accept this sign-in: ask IT for a new token. ({0})</source>
        <translation>服务器不接受此登录凭证：请向 IT 部门申请新的令牌。（{0}）</translation>
    </message>
</context>
<context>
    <name>ReviewDashboard</name>
    <message>
        <location filename="../../ui/review_dashboard.py" line="194"/>
        <source>Loading the dashboard…</source>
        <translation>正在加载看板…</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="196"/>
        <source>Returns over time by reason</source>
        <translation>各原因退货趋势</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="197"/>
        <location filename="../../ui/review_dashboard.py" line="201"/>
        <source>Products with the most quality returns</source>
        <translation>质量问题退货最多的商品</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="199"/>
        <source>SKU</source>
        <translation>商品编码</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="199"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="199"/>
        <location filename="../../ui/review_dashboard.py" line="332"/>
        <source>Cases</source>
        <translation>退货单</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="199"/>
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="220"/>
        <source>Something went wrong: {0}</source>
        <translation>出错了：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="333"/>
        <source>Refunds</source>
        <translation>退款合计</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="335"/>
        <source>Goodwill</source>
        <translation>善意补偿</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="337"/>
        <source>Goodwill cases: {0}</source>
        <translation>补偿单数：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="340"/>
        <source>SLA compliance</source>
        <translation>响应达标率</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="342"/>
        <source>First response late: {0}</source>
        <translation>首次响应超时：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="345"/>
        <source>Identity overrides</source>
        <translation>身份特批</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="347"/>
        <source>Overridden cases: {0}</source>
        <translation>特批单数：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="375"/>
        <source>Returns per day, by reason</source>
        <translation>每日退货数（按原因）</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="376"/>
        <source>Returns per week (from Monday), by reason</source>
        <translation>每周退货数（周一起算，按原因）</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="377"/>
        <source>Returns per month, by reason</source>
        <translation>每月退货数（按原因）</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="378"/>
        <source>Returns per year, by reason</source>
        <translation>每年退货数（按原因）</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="379"/>
        <source>Returns over time, by reason</source>
        <translation>各原因退货趋势</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="382"/>
        <source>Days are each store&apos;s own calendar days (its time zone).</source>
        <translation>日期按各门店所在时区的自然日计算。</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="476"/>
        <source>Returns by store</source>
        <translation>各门店退货数</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="481"/>
        <source>SLA compliance by store</source>
        <translation>各门店响应达标率</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="486"/>
        <source>Identity-override rate by store</source>
        <translation>各门店身份特批率</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="492"/>
        <source>Counted: {0}</source>
        <translation>统计原因：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_dashboard.py" line="504"/>
        <source>No quality returns for these filters.</source>
        <translation>当前筛选条件下没有质量问题退货。</translation>
    </message>
</context>
<context>
    <name>ReviewDetailPane</name>
    <message>
        <location filename="../../ui/review_detail.py" line="143"/>
        <location filename="../../ui/review_detail.py" line="236"/>
        <source>Pick a case in the list to see it here.</source>
        <translation>在列表中选择一个退货单以查看详情。</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="184"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="194"/>
        <source>Saved. The store sees it after its next sync.</source>
        <translation>已保存。门店下次同步后即可看到。</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="199"/>
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="209"/>
        <source>Case</source>
        <translation>退货单号</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="210"/>
        <source>Photos (click for full size)</source>
        <translation>照片（点击查看原图）</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="211"/>
        <location filename="../../ui/review_detail.py" line="212"/>
        <source>Audit trail</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="213"/>
        <source>Annotations</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="214"/>
        <source>Annotations by regional leads</source>
        <translation>区域经理的批注</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="215"/>
        <source>Your verdict</source>
        <translation>您的结论</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="216"/>
        <source>&amp;Verdict:</source>
        <translation>结论(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="217"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="220"/>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="224"/>
        <source>A verdict, a comment, or both</source>
        <translation>填写结论、意见或两者</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="225"/>
        <source>Co&amp;mment:</source>
        <translation>意见(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="226"/>
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="227"/>
        <source>What the store should know or do</source>
        <translation>门店需要知道或处理的事项</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="228"/>
        <source>&amp;Save verdict</source>
        <translation>保存结论(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="229"/>
        <source>Save the verdict and comment</source>
        <translation>保存结论和意见</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="230"/>
        <source>Case details</source>
        <translation>退货单详情</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="231"/>
        <source>No photos.</source>
        <translation>没有照片。</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="279"/>
        <source>Photo {0}</source>
        <translation>照片 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="281"/>
        <source>Photo {0}: {1}</source>
        <translation>照片 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="281"/>
        <source>no caption</source>
        <translation>无说明</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="284"/>
        <source>Show full size</source>
        <translation>查看原图</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="290"/>
        <source>The counter has not uploaded this photo yet.</source>
        <translation>柜台尚未上传这张照片。</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="302"/>
        <source>{0} · {1} {2}</source>
        <translation>{0} · {1} {2}</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="322"/>
        <source>Yes — {0}</source>
        <translation>是 — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="324"/>
        <location filename="../../ui/review_detail.py" line="412"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="327"/>
        <source>{0} × {1} ({2}, {3})</source>
        <translation>{0} × {1}（{2}，{3}）</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="336"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="337"/>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="338"/>
        <source>Staff</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="339"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="340"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="341"/>
        <source>Emotion</source>
        <translation>情绪</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="342"/>
        <source>Urgent goods</source>
        <translation>紧急商品</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="343"/>
        <source>Customer&apos;s words</source>
        <translation>顾客原话</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="344"/>
        <source>Requester</source>
        <translation>来访人</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="345"/>
        <source>On behalf of the orderer</source>
        <translation>代下单人办理</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="346"/>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="348"/>
        <source>Identity</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="351"/>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="352"/>
        <source>Reason</source>
        <translation>退换原因</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="353"/>
        <source>Stated reason</source>
        <translation>自述原因</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="354"/>
        <source>Real reason</source>
        <translation>真实原因</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="355"/>
        <source>Packaging kept</source>
        <translation>原包装保留</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="356"/>
        <source>Tags intact</source>
        <translation>吊牌完好</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="357"/>
        <source>Seal intact</source>
        <translation>塑封完好</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="358"/>
        <source>Signs of use</source>
        <translation>使用痕迹</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="359"/>
        <source>Condition notes</source>
        <translation>状态备注</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="360"/>
        <source>Resolution</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="361"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="362"/>
        <source>Refund method</source>
        <translation>退款方式</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="363"/>
        <source>Resolution notes</source>
        <translation>处理备注</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="364"/>
        <source>Follow up on</source>
        <translation>跟进日期</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="365"/>
        <source>Opened</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="366"/>
        <source>First response due</source>
        <translation>首次响应期限</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="367"/>
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="368"/>
        <source>Finalised</source>
        <translation>归档时间</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="369"/>
        <source>Received by the centre</source>
        <translation>总部接收时间</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="383"/>
        <source>{0} · {1} · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="391"/>
        <source>No annotations yet.</source>
        <translation>暂无批注。</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="402"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location filename="../../ui/review_detail.py" line="412"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>ReviewExport</name>
    <message>
        <location filename="../../core/export.py" line="91"/>
        <source>Case</source>
        <translation>退货单号</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="92"/>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="93"/>
        <source>Store name</source>
        <translation>门店名称</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="94"/>
        <source>Finalised</source>
        <translation>归档时间</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="95"/>
        <source>Reason</source>
        <translation>退换原因</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="96"/>
        <source>Resolution</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="97"/>
        <source>Refund (¥)</source>
        <translation>退款（元）</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="98"/>
        <source>Staff</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="99"/>
        <source>Identity override</source>
        <translation>身份特批</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="100"/>
        <source>Outside policy</source>
        <translation>超出政策</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="101"/>
        <source>Goodwill</source>
        <translation>善意补偿</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="102"/>
        <source>SLA breached</source>
        <translation>响应超时</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="103"/>
        <source>Annotated</source>
        <translation>已批注</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="104"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="105"/>
        <source>Customer&apos;s words</source>
        <translation>顾客原话</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="106"/>
        <source>Case ID</source>
        <translation>退货单 ID</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="391"/>
        <source>Cases</source>
        <translation>退货单</translation>
    </message>
</context>
<context>
    <name>ReviewExporter</name>
    <message>
        <location filename="../../ui/review_export.py" line="61"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="63"/>
        <source>Save every case matching the filters (all pages) as CSV or Excel</source>
        <translation>将符合筛选条件的全部退货单（所有页）保存为 CSV 或 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="71"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="72"/>
        <source>CSV, UTF-8 (*.csv)</source>
        <translation>CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="75"/>
        <location filename="../../ui/review_export.py" line="98"/>
        <location filename="../../ui/review_export.py" line="173"/>
        <source>Export cases</source>
        <translation>导出退货单</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="99"/>
        <source>Exporting to {0}…</source>
        <translation>正在导出到 {0}…</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="100"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="132"/>
        <source>The export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="135"/>
        <source>The export stopped before the end (the connection or the server broke off); no file was saved. Try again.</source>
        <translation>导出未完成就中断了（连接或服务器中断），未保存任何文件。请重试。</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="139"/>
        <source>The file cannot be written: {0}</source>
        <translation>无法写入文件：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="142"/>
        <source>Something went wrong: {0}</source>
        <translation>出错了：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="154"/>
        <source>Exported {0} case(s) to {1}.</source>
        <translation>已将 {0} 张退货单导出到 {1}。</translation>
    </message>
    <message>
        <location filename="../../ui/review_export.py" line="170"/>
        <source>Exported {0} of {1} cases…</source>
        <translation>已导出 {0} / {1} 张退货单…</translation>
    </message>
</context>
<context>
    <name>ReviewFilterBar</name>
    <message>
        <location filename="../../ui/review_filters.py" line="185"/>
        <source>S&amp;tore:</source>
        <translation>门店(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="186"/>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="187"/>
        <source>Sta&amp;ff:</source>
        <translation>经办人(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="188"/>
        <source>Staff member</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="189"/>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="190"/>
        <source>Reason category</source>
        <translation>原因类别</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="191"/>
        <source>Res&amp;olution:</source>
        <translation>处理方案(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="192"/>
        <source>Resolution</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="193"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="194"/>
        <source>Filter from a date</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="195"/>
        <source>Finalised from</source>
        <translation>归档起始日期</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="196"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="197"/>
        <source>Filter up to a date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="198"/>
        <source>Finalised up to (inclusive)</source>
        <translation>归档截止日期（含）</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="199"/>
        <source>Refund:</source>
        <translation>退款：</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="200"/>
        <source>Smallest refund</source>
        <translation>最低退款金额</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="201"/>
        <source>Largest refund</source>
        <translation>最高退款金额</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="203"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="206"/>
        <source>Only cases flagged: {0}</source>
        <translation>仅显示带此标记的退货单：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="207"/>
        <location filename="../../ui/review_filters.py" line="208"/>
        <source>Search the customer&apos;s words and notes</source>
        <translation>搜索顾客原话和备注</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="209"/>
        <source>C&amp;lear filters</source>
        <translation>清除筛选(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="210"/>
        <source>Clear all filters</source>
        <translation>清除全部筛选</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="224"/>
        <source>All stores</source>
        <translation>全部门店</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="226"/>
        <source>All staff</source>
        <translation>全部经办人</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="228"/>
        <source>All reasons</source>
        <translation>全部原因</translation>
    </message>
    <message>
        <location filename="../../ui/review_filters.py" line="230"/>
        <source>All resolutions</source>
        <translation>全部处理方案</translation>
    </message>
</context>
<context>
    <name>ReviewSignalsPanel</name>
    <message>
        <location filename="../../ui/review_signals.py" line="140"/>
        <source>Re&amp;fresh signals</source>
        <translation>刷新提示(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="141"/>
        <source>Compute the signals again</source>
        <translation>重新计算提示</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="142"/>
        <source>Signal</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="142"/>
        <source>About</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="142"/>
        <source>The numbers</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="143"/>
        <source>Signals and their cases</source>
        <translation>提示及相关案件</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="157"/>
        <source>The signals cannot be loaded: {0}</source>
        <translation>无法加载提示：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="165"/>
        <source>Something went wrong: {0}</source>
        <translation>出错了：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="184"/>
        <source>Looking for signals…</source>
        <translation>正在查找提示…</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="186"/>
        <source>Signals</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="192"/>
        <source>{0} signal(s) in region {1}, {2} to {3}</source>
        <translation>区域 {1}，{2} 至 {3}：{0} 条提示</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="215"/>
        <source>Double-click to open</source>
        <translation>双击打开</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="217"/>
        <source>Open this case in the Cases tab</source>
        <translation>在“退货单”标签页中打开</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="222"/>
        <source>… and {0} more</source>
        <translation>… 另有 {0} 张</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="232"/>
        <source>No signals in this period: nothing stands out against the rules below.</source>
        <translation>此期间没有提示：按以下规则没有发现异常。</translation>
    </message>
    <message>
        <location filename="../../ui/review_signals.py" line="249"/>
        <source>Rules: a product with {0} or more quality returns within {1} days; a store with at least {2} cases, {3} of them flagged, flagged {4}× as often as the region&apos;s other stores (p ≤ {5}); a customer returning at {6} or more stores within {7} days.</source>
        <translation>规则：某商品 {1} 天内质量退货达 {0} 次或以上；某门店至少有 {2} 张退货单、其中 {3} 张带标记，且标记频率达到区域内其他门店的 {4} 倍（p ≤ {5}）；某顾客 {7} 天内在 {6} 家或以上门店退货。</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../../ui/review_window.py" line="325"/>
        <source>ReturnDesk — regional review</source>
        <translation>ReturnDesk — 区域复核</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="326"/>
        <source>Synced cases</source>
        <translation>已同步的退货单</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="327"/>
        <source>« First</source>
        <translation>« 首页</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="328"/>
        <source>First page</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="329"/>
        <source>‹ Previous</source>
        <translation>‹ 上一页</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="330"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="331"/>
        <source>Next ›</source>
        <translation>下一页 ›</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="332"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="333"/>
        <source>Last »</source>
        <translation>末页 »</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="334"/>
        <source>Last page</source>
        <translation>末页</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="335"/>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="336"/>
        <source>Try to reach the server again</source>
        <translation>重新连接服务器</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="337"/>
        <source>Cases and the selected case</source>
        <translation>退货单列表和所选退货单</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="338"/>
        <source>Cases</source>
        <translation>退货单</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="339"/>
        <source>Dashboard</source>
        <translation>看板</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="340"/>
        <source>Signals</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="341"/>
        <source>Review actions</source>
        <translation>审核操作</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="368"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="397"/>
        <source>Something went wrong: {0}</source>
        <translation>出错了：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="465"/>
        <source>No cases match these filters.</source>
        <translation>没有符合筛选条件的退货单。</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="468"/>
        <source>Page {0} of {1}+ · {2}+ cases</source>
        <translation>第 {0} 页，共 {1}+ 页 · {2}+ 个退货单</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="472"/>
        <source>Page {0} of {1} · {2} cases</source>
        <translation>第 {0} 页，共 {1} 页 · {2} 个退货单</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="486"/>
        <source>Offline — data from {0}. The server cannot be reached; these are the last figures loaded. Trying again every 30 s.</source>
        <translation>离线 — 数据截至 {0}。无法连接服务器，显示的是最后加载的统计数据。每 30 秒重试一次。</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="494"/>
        <source>Offline — data from {0}. The server cannot be reached; this is the last page loaded. Trying again every 30 s.</source>
        <translation>离线 — 数据截至 {0}。无法连接服务器，显示的是最后加载的一页。每 30 秒重试一次。</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="501"/>
        <source>Offline — the server cannot be reached and nothing is loaded yet.</source>
        <translation>离线 — 无法连接服务器，尚未加载任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="506"/>
        <source>The server refused this: {0}</source>
        <translation>服务器拒绝了此操作：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="518"/>
        <source>Region {0}</source>
        <translation>区域 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="521"/>
        <source>loaded {0}</source>
        <translation>加载于 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="551"/>
        <source>This case cannot be loaded: {0}</source>
        <translation>无法加载此退货单：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="555"/>
        <source>Offline — as loaded at {0}.</source>
        <translation>离线 — 为 {0} 时加载的数据。</translation>
    </message>
    <message>
        <location filename="../../ui/review_window.py" line="588"/>
        <source>The photo cannot be loaded: {0}</source>
        <translation>无法加载照片：{0}</translation>
    </message>
</context>
<context>
    <name>SignInPanel</name>
    <message>
        <location filename="../../ui/sign_in.py" line="114"/>
        <source>Type your PIN.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="120"/>
        <source>Sign in to the returns counter</source>
        <translation>登录退货柜台</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="121"/>
        <source>&amp;Who are you:</source>
        <translation>登录员工(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="122"/>
        <source>&amp;PIN:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="123"/>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="124"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="126"/>
        <source>Opening the counter&apos;s database…</source>
        <translation>正在打开本柜台的数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="129"/>
        <source>Demo database: clerks use PIN 1111, supervisors 9999.</source>
        <translation>演示数据库：店员密码 1111，主管密码 9999。</translation>
    </message>
</context>
<context>
    <name>StaffService</name>
    <message>
        <location filename="../../core/staff.py" line="61"/>
        <source>Too many wrong PINs: {0}&apos;s account is locked for {1} more minute(s).</source>
        <translation>密码错误次数过多：{0}的账号已锁定，请{1}分钟后再试。</translation>
    </message>
    <message>
        <location filename="../../core/staff.py" line="77"/>
        <source>Wrong PIN {0} times: the account is locked for {1} minutes.</source>
        <translation>密码已连续输错{0}次，账号锁定{1}分钟。</translation>
    </message>
    <message>
        <location filename="../../core/staff.py" line="83"/>
        <source>Wrong PIN. {0} attempt(s) left before the account locks.</source>
        <translation>密码错误。还可再试{0}次，之后账号将被锁定。</translation>
    </message>
    <message>
        <location filename="../../core/staff.py" line="112"/>
        <source>Choose who you are.</source>
        <translation>请选择登录员工。</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../ui/wizard/summary.py" line="52"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="52"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="54"/>
        <source>Case</source>
        <translation>退货单号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="55"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="56"/>
        <source>Customer&apos;s words</source>
        <translation>顾客原话</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="57"/>
        <source>Emotion</source>
        <translation>情绪</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="58"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="59"/>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="61"/>
        <source>Requester</source>
        <translation>来访人</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="62"/>
        <source>on behalf of the orderer ({0}): {1}</source>
        <translation>{1}（下单人的{0}，代办）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="66"/>
        <source>the orderer</source>
        <translation>下单人本人</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="69"/>
        <source>Identity</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="71"/>
        <source>confirmed</source>
        <translation>已通过</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="72"/>
        <source>MISMATCH — flagged</source>
        <translation>信息不符——已标记</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="73"/>
        <source>not checked</source>
        <translation>未核验</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="81"/>
        <source>Items</source>
        <translation>退回商品</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="83"/>
        <source>Kind of problem</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="84"/>
        <source>Stated reason</source>
        <translation>自述原因</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="85"/>
        <source>Real reason</source>
        <translation>真实原因</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="86"/>
        <source>Packaging kept</source>
        <translation>原包装保留</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="87"/>
        <source>Tags intact</source>
        <translation>吊牌完好</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="88"/>
        <source>Seal unopened</source>
        <translation>塑封完好</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="89"/>
        <source>Signs of use</source>
        <translation>使用痕迹</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="90"/>
        <source>Condition notes</source>
        <translation>状态备注</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="91"/>
        <source>Resolution</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="96"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="100"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="103"/>
        <source>Follow-up</source>
        <translation>跟进日期</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="104"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="117"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="124"/>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="126"/>
        <source>Check everything with the customer. Finalising stores the case for good.</source>
        <translation>请与顾客逐项核对。完成归档后，退货单将永久保存，不能再修改。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="128"/>
        <source>Case summary</source>
        <translation>退货单汇总</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary.py" line="129"/>
        <source>Receipt &amp;language:</source>
        <translation>凭证语言(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>SyncClient</name>
    <message>
        <location filename="../../core/sync.py" line="68"/>
        <source>This counter is not enrolled with a server yet.</source>
        <translation>本柜台尚未在服务器上注册。</translation>
    </message>
    <message>
        <location filename="../../core/sync.py" line="255"/>
        <source>A sync is already running.</source>
        <translation>同步正在进行中。</translation>
    </message>
    <message>
        <location filename="../../core/sync.py" line="699"/>
        <source>The server cannot be reached ({0}).</source>
        <translation>无法连接服务器（{0}）。</translation>
    </message>
    <message>
        <location filename="../../core/sync.py" line="719"/>
        <source>This app is too old for the server: ask IT to update it. ({0})</source>
        <translation>本程序版本过旧，服务器已不支持：请联系 IT 部门更新。（{0}）</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../ui/sync_view.py" line="132"/>
        <source>Not enrolled · {0} waiting</source>
        <translation>尚未注册 · {0}个待同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="136"/>
        <source>Syncing {0}/{1}</source>
        <translation>正在同步 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="138"/>
        <source>Uploading photos {0}/{1}</source>
        <translation>正在上传照片 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="140"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="144"/>
        <source>Offline · {0} waiting</source>
        <translation>离线 · {0}个待同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="148"/>
        <source>Synced just now</source>
        <translation>刚刚已同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="150"/>
        <source>Synced {0} ago</source>
        <translation>{0}前已同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="153"/>
        <source> · {0} waiting</source>
        <translation> · {0}个待同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="155"/>
        <source>Not synced yet · {0} waiting</source>
        <translation>尚未同步 · {0}个待同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="157"/>
        <source> · {0} refused</source>
        <translation> · {0}个被拒收</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="161"/>
        <source> · clock {0} fast</source>
        <translation> · 时钟快了 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="163"/>
        <source> · clock {0} slow</source>
        <translation> · 时钟慢了 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="175"/>
        <source>This computer&apos;s clock is {0} ahead of the centre&apos;s: response times and return windows shown here may be wrong. Ask IT to set the clock.</source>
        <translation>本机时钟比总部快 {0}：这里显示的响应时限和退货期限可能不准确。请联系 IT 校准时钟。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="179"/>
        <source>This computer&apos;s clock is {0} behind the centre&apos;s: response times and return windows shown here may be wrong. Ask IT to set the clock.</source>
        <translation>本机时钟比总部慢 {0}：这里显示的响应时限和退货期限可能不准确。请联系 IT 校准时钟。</translation>
    </message>
</context>
<context>
    <name>SyncWindow</name>
    <message>
        <location filename="../../ui/sync_view.py" line="253"/>
        <source>{0} — refused ({1}): {2}</source>
        <translation>{0} — 被拒收（{1}）：{2}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="260"/>
        <source>{0} — {1}: {2}</source>
        <translation>{0} — {1}：{2}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="269"/>
        <source>Sync with the centre</source>
        <translation>与总部同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="270"/>
        <source>Sync &amp;now</source>
        <translation>立即同步(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="271"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="272"/>
        <source>Waiting to be sent:</source>
        <translation>等待发送：</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="273"/>
        <source>Cases waiting to be sent</source>
        <translation>等待发送的退货单</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="275"/>
        <source>Refused by the centre (not retried; a supervisor sorts these out):</source>
        <translation>总部拒收（不会自动重试，请主管处理）：</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="277"/>
        <source>Cases refused by the centre</source>
        <translation>总部拒收的退货单</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="278"/>
        <source>Notes from the regional lead:</source>
        <translation>区域经理的批注：</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="279"/>
        <source>Notes from the regional lead</source>
        <translation>区域经理的批注</translation>
    </message>
    <message>
        <location filename="../../ui/sync_view.py" line="280"/>
        <location filename="../../ui/sync_view.py" line="281"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>YesNo</name>
    <message>
        <location filename="../../ui/wizard/condition.py" line="58"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="59"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="60"/>
        <source>{0}: yes</source>
        <translation>{0}：是</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/condition.py" line="61"/>
        <source>{0}: no</source>
        <translation>{0}：否</translation>
    </message>
</context>
<context>
    <name>camera</name>
    <message>
        <location filename="../../core/camera.py" line="50"/>
        <source>No camera was found on this computer.</source>
        <translation>这台电脑上没有找到相机。</translation>
    </message>
    <message>
        <location filename="../../core/camera.py" line="54"/>
        <source>The camera could not be started. Check that it is plugged in and that no other program is using it.</source>
        <translation>无法启动相机。请检查相机是否已连接，以及是否有其他程序正在使用它。</translation>
    </message>
    <message>
        <location filename="../../core/camera.py" line="62"/>
        <source>The camera was disconnected.</source>
        <translation>相机已断开连接。</translation>
    </message>
    <message>
        <location filename="../../core/camera.py" line="66"/>
        <source>The camera did not respond.</source>
        <translation>相机没有响应。</translation>
    </message>
    <message>
        <location filename="../../core/camera.py" line="70"/>
        <source>This computer does not let ReturnDesk use the camera. It can be allowed in the system&apos;s privacy settings.</source>
        <translation>这台电脑不允许 ReturnDesk 使用相机。可以在系统的隐私设置中允许。</translation>
    </message>
    <message>
        <location filename="../../core/camera.py" line="78"/>
        <source>The photo could not be taken. Try again.</source>
        <translation>拍照失败，请重试。</translation>
    </message>
    <message>
        <location filename="../../core/camera.py" line="552"/>
        <source>The photo could not be saved for storing. Check that the disk is not full, then take it again.</source>
        <translation>照片无法保存。请检查磁盘是否已满，然后重新拍摄。</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../core/labels.py" line="14"/>
        <source>At the counter</source>
        <translation>柜台现场</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="15"/>
        <source>Phone (hotline)</source>
        <translation>电话（热线）</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="16"/>
        <source>App chat</source>
        <translation>App 在线客服</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="17"/>
        <source>Short-video comment</source>
        <translation>短视频评论</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="18"/>
        <location filename="../../core/labels.py" line="48"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="24"/>
        <source>Calm</source>
        <translation>平静</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="25"/>
        <source>Anxious</source>
        <translation>着急</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="26"/>
        <source>Upset</source>
        <translation>不满</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="27"/>
        <source>Angry</source>
        <translation>愤怒</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="33"/>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="34"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="35"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="41"/>
        <source>Quality problem</source>
        <translation>质量问题</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="42"/>
        <source>Logistics (crushed, late, lost)</source>
        <translation>物流问题（压坏、延误、丢件）</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="43"/>
        <source>Size or colour mismatch</source>
        <translation>尺码/颜色不符</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="44"/>
        <source>Not as described</source>
        <translation>与描述不符</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="45"/>
        <source>Wrong item sent</source>
        <translation>发错货</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="46"/>
        <source>Missing parts</source>
        <translation>缺少配件</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="47"/>
        <source>Changed mind / dislike</source>
        <translation>不想要了/不喜欢</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="54"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="55"/>
        <source>Exchange</source>
        <translation>换货</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="56"/>
        <source>Replacement (ship a new one)</source>
        <translation>补发（重新发一件）</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="57"/>
        <source>Repair</source>
        <translation>维修</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="58"/>
        <source>Store credit / compensation coupon</source>
        <translation>店铺余额/补偿券</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="59"/>
        <source>Decline, with a goodwill gesture</source>
        <translation>不予退换，给予善意补偿</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="65"/>
        <source>Back to the original payment</source>
        <translation>原路退回</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="66"/>
        <location filename="../../core/labels.py" line="76"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="67"/>
        <source>Store credit</source>
        <translation>店铺余额</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="73"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="74"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="75"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="82"/>
        <source>Ordinary goods</source>
        <translation>普通商品</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="83"/>
        <source>Fresh food</source>
        <translation>生鲜</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="84"/>
        <source>Medicine</source>
        <translation>药品</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="85"/>
        <source>Electronics</source>
        <translation>电子产品</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="86"/>
        <source>Underwear / hygiene</source>
        <translation>内衣/卫生用品</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="97"/>
        <source>not offered for this kind of problem</source>
        <translation>此类问题不适用</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="98"/>
        <source>these goods take no no-reason returns</source>
        <translation>该类商品不支持无理由退货</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="99"/>
        <source>cannot be returned once opened</source>
        <translation>拆封后不可退货</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="100"/>
        <source>outside the return window</source>
        <translation>已超出退货期限</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="101"/>
        <source>the item cannot be sold again</source>
        <translation>商品无法二次销售</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="102"/>
        <source>refund above the counter&apos;s limit</source>
        <translation>退款金额超出柜台权限</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="103"/>
        <source>identity not confirmed (override)</source>
        <translation>身份未核验通过（主管特批）</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="104"/>
        <source>goodwill above the budget</source>
        <translation>善意补偿超出预算</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="110"/>
        <source>original packaging missing</source>
        <translation>原包装缺失</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="111"/>
        <source>tags removed</source>
        <translation>吊牌已拆</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="112"/>
        <source>seal broken</source>
        <translation>塑封已拆</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="113"/>
        <source>signs of use</source>
        <translation>有使用痕迹</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="123"/>
        <source>{0} d {1} h</source>
        <translation>{0}天{1}小时</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="126"/>
        <source>{0} h</source>
        <translation>{0}小时</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="128"/>
        <source>{0} h {1} min</source>
        <translation>{0}小时{1}分钟</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="130"/>
        <source>{0} min</source>
        <translation>{0}分钟</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="135"/>
        <source>clerk</source>
        <translation>店员</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="136"/>
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="142"/>
        <source>open (draft)</source>
        <translation>处理中（草稿）</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="143"/>
        <source>finalised</source>
        <translation>已归档</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="144"/>
        <source>finalised, at the centre</source>
        <translation>已归档，已同步到总部</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="145"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="151"/>
        <source>not checked</source>
        <translation>未核验</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="152"/>
        <source>confirmed (name + last 4 digits)</source>
        <translation>已核验（姓名 + 手机后四位）</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="153"/>
        <source>did not match</source>
        <translation>不一致</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="154"/>
        <source>not confirmed, supervisor override</source>
        <translation>未核验，主管特批</translation>
    </message>
    <message>
        <location filename="../../core/labels.py" line="160"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>orders</name>
    <message>
        <location filename="../../core/orders.py" line="36"/>
        <source>Enter or scan the order number.</source>
        <translation>请输入或扫描订单号。</translation>
    </message>
    <message>
        <location filename="../../core/orders.py" line="41"/>
        <source>“{0}” is not an order number. Order numbers are two letters followed by digits, e.g. SH2611250042.</source>
        <translation>“{0}”不是有效的订单号。订单号由两个字母加数字组成，例如 SH2611250042。</translation>
    </message>
    <message>
        <location filename="../../core/orders.py" line="110"/>
        <source>No order {0} on this counter. Check the number with the customer.</source>
        <translation>本柜台查不到订单 {0}，请与顾客核对订单号。</translation>
    </message>
    <message>
        <location filename="../../core/orders.py" line="153"/>
        <source>The end date is before the start date.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <location filename="../../core/orders.py" line="158"/>
        <source>Narrow the dates down to two months at most (“last week or the week before?”).</source>
        <translation>请把日期范围缩小到两个月以内（可以问顾客：“是上周还是上上周？”）。</translation>
    </message>
    <message>
        <location filename="../../core/orders.py" line="167"/>
        <source>Ask for part of the delivery address or the payment method as well.</source>
        <translation>请再询问部分收货地址或支付方式。</translation>
    </message>
</context>
<context>
    <name>photo_check</name>
    <message>
        <location filename="../../core/photo_check.py" line="139"/>
        <source>Photo check of {folder}</source>
        <translation>照片检查：{folder}</translation>
    </message>
    <message>
        <location filename="../../core/photo_check.py" line="140"/>
        <source>{records} case photos, {files} photo files; {intact} present and unchanged.</source>
        <translation>案件照片 {records} 张，照片文件 {files} 个；{intact} 张完好且未被改动。</translation>
    </message>
    <message>
        <location filename="../../core/photo_check.py" line="153"/>
        <source>case {case_no} ({status}), photo {photo_id}: {path}</source>
        <translation>案件 {case_no}（{status}），照片 {photo_id}：{path}</translation>
    </message>
    <message>
        <location filename="../../core/photo_check.py" line="163"/>
        <source>CHANGED: the file no longer matches what was stored</source>
        <translation>已改动：文件与保存时不一致</translation>
    </message>
    <message>
        <location filename="../../core/photo_check.py" line="167"/>
        <source>MISSING: the case has the photo, the file is gone</source>
        <translation>丢失：案件记录有这张照片，但文件不见了</translation>
    </message>
    <message>
        <location filename="../../core/photo_check.py" line="171"/>
        <source>Not used by any case (removed photos or an interrupted save; harmless)</source>
        <translation>未被任何案件使用（已移除的照片或中断的保存；无害）</translation>
    </message>
    <message>
        <location filename="../../core/photo_check.py" line="178"/>
        <source>Other files (left by an interrupted write, or thumbnails of unused photos)</source>
        <translation>其他文件（中断的写入留下的，或未使用照片的缩略图）</translation>
    </message>
    <message>
        <location filename="../../core/photo_check.py" line="185"/>
        <source>Thumbnails missing (rebuilt when the photo is added again)</source>
        <translation>缩略图缺失（再次添加该照片时会重建）</translation>
    </message>
    <message>
        <location filename="../../core/photo_check.py" line="190"/>
        <source>OK: every case photo is present and unchanged.</source>
        <translation>正常：所有案件照片都在，且未被改动。</translation>
    </message>
    <message>
        <location filename="../../core/photo_check.py" line="193"/>
        <source>PROBLEM: {count} case photos are missing or changed. Keep this report and tell the supervisor; do not delete anything.</source>
        <translation>有问题：{count} 张案件照片丢失或被改动。请保留此报告并告知主管；不要删除任何文件。</translation>
    </message>
</context>
<context>
    <name>photos</name>
    <message>
        <location filename="../../core/photos.py" line="106"/>
        <source>The photo</source>
        <translation>该照片</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="182"/>
        <source>{name} is empty (0 bytes). Copy the photo again from the camera.</source>
        <translation>{name}是空文件（0字节）。请从相机重新拷贝照片。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="189"/>
        <source>{name} is too large ({size} MB). A photo can be at most {limit} MB.</source>
        <translation>{name}太大（{size} MB）。照片不能超过 {limit} MB。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="207"/>
        <source>{name} is a folder, not a picture.</source>
        <translation>{name}是文件夹，不是图片。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="217"/>
        <source>{name} could not be found. It may have been moved or deleted.</source>
        <translation>找不到{name}，可能已被移动或删除。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="225"/>
        <source>{name} could not be read. Check that it is not open in another program and that you are allowed to open it.</source>
        <translation>无法读取{name}。请检查它是否正被其他程序占用，以及您是否有权限打开它。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="495"/>
        <source>{name} is incomplete: the file ends before the picture does. Copy it again from the camera.</source>
        <translation>{name}不完整：文件在图片结束之前就中断了。请从相机重新拷贝。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="298"/>
        <source>{name} is not a picture. Choose a photo in one of these formats: {formats}.</source>
        <translation>{name}不是图片。请选择以下格式之一的照片：{formats}。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="305"/>
        <source>{name} is a {format} file, which cannot be used here. Supported formats: {formats}.</source>
        <translation>{name}是 {format} 文件，此处无法使用。支持的格式：{formats}。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="506"/>
        <source>{name} is damaged and cannot be opened.</source>
        <translation>{name}已损坏，无法打开。</translation>
    </message>
    <message>
        <location filename="../../core/photos.py" line="515"/>
        <source>{name} is too large to open safely ({width} × {height} pixels). A photo can have at most {megapixels} megapixels.</source>
        <translation>{name}分辨率过高，无法安全打开（{width} × {height} 像素）。照片最多 {megapixels} 百万像素。</translation>
    </message>
</context>
<context>
    <name>receipt</name>
    <message>
        <location filename="../../core/receipt.py" line="101"/>
        <source>Quality problem</source>
        <translation>质量问题</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="102"/>
        <source>Delivery problem (damaged, late or lost)</source>
        <translation>物流问题（破损、延误或丢件）</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="103"/>
        <source>Wrong size or colour</source>
        <translation>尺码或颜色不合适</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="104"/>
        <source>Not as described</source>
        <translation>与描述不符</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="105"/>
        <source>Wrong item sent</source>
        <translation>发错货</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="106"/>
        <source>Missing parts</source>
        <translation>缺少配件</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="107"/>
        <source>Changed mind</source>
        <translation>个人原因（不想要了）</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="108"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="111"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="112"/>
        <source>Exchange</source>
        <translation>换货</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="113"/>
        <source>Replacement sent to you</source>
        <translation>补发新品</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="114"/>
        <source>Repair</source>
        <translation>维修</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="115"/>
        <source>Store credit / compensation coupon</source>
        <translation>店铺余额/补偿券</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="116"/>
        <source>Return not accepted; goodwill gesture offered</source>
        <translation>不予退换，给予善意补偿</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="122"/>
        <source>refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="123"/>
        <source>exchange</source>
        <translation>换货</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="124"/>
        <source>replacement</source>
        <translation>补发</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="125"/>
        <source>repair</source>
        <translation>维修</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="126"/>
        <source>store credit</source>
        <translation>店铺余额</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="127"/>
        <source>goodwill gesture</source>
        <translation>善意补偿</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="130"/>
        <source>Back to the original payment</source>
        <translation>原路退回</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="131"/>
        <location filename="../../core/receipt.py" line="138"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="132"/>
        <source>Store credit</source>
        <translation>店铺余额</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="135"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="136"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="137"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="141"/>
        <source>Ordinary goods</source>
        <translation>普通商品</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="142"/>
        <source>Fresh food</source>
        <translation>生鲜</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="143"/>
        <source>Medicine</source>
        <translation>药品</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="144"/>
        <source>Electronics</source>
        <translation>电子产品</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="145"/>
        <source>Underwear and hygiene goods</source>
        <translation>贴身衣物及卫生用品</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="148"/>
        <source>original packaging</source>
        <translation>原包装完好</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="149"/>
        <source>tags attached</source>
        <translation>吊牌完好</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="150"/>
        <source>seal unopened</source>
        <translation>塑封未拆</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="151"/>
        <source>no signs of use</source>
        <translation>无使用痕迹</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="156"/>
        <source>Return receipt</source>
        <translation>退换货凭证</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="157"/>
        <source>Case number</source>
        <translation>退货单号</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="158"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="159"/>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="160"/>
        <source>Handled by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="161"/>
        <source>Items returned</source>
        <translation>退回商品</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="162"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="163"/>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="164"/>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="165"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="166"/>
        <source>Total value returned</source>
        <translation>退回商品总额</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="167"/>
        <source>Decision</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="168"/>
        <source>Reason</source>
        <translation>退换原因</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="169"/>
        <source>Outcome</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="170"/>
        <source>Refund amount</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="171"/>
        <source>Refunded to</source>
        <translation>退款方式</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="172"/>
        <source>Next steps</source>
        <translation>后续跟进</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="173"/>
        <source>Store return policy for these goods</source>
        <translation>门店退换货政策（适用于以上商品）</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="174"/>
        <source>Scan for the case number</source>
        <translation>扫码获取退货单号</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="175"/>
        <source>Please keep this receipt. Show the case number or QR code whenever you contact us about this return.</source>
        <translation>请妥善保管本凭证。就本次退换货联系我们时，请出示退货单号或二维码。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="180"/>
        <source>{0} · page {1} of {2}</source>
        <translation>{0} · 第{1}页，共{2}页</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="181"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="182"/>
        <source>{0}, {1}</source>
        <translation>{0}、{1}</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="183"/>
        <source>{0} or {1}</source>
        <translation>{0}或{1}</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="184"/>
        <source>{0} and {1}</source>
        <translation>{0}、{1}</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="187"/>
        <source>{amount} goes back to your original payment ({payment}).</source>
        <translation>{amount}将原路退回（{payment}）。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="190"/>
        <source>{amount} has been paid to you in cash.</source>
        <translation>{amount}已以现金退还给您。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="191"/>
        <source>{amount} has been added to your store credit.</source>
        <translation>{amount}已存入您的店铺余额。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="194"/>
        <source>We will exchange the item for you.</source>
        <translation>我们将为您办理换货。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="195"/>
        <source>A replacement ships to you; you do not pay anything again.</source>
        <translation>我们将为您补发新品，您无需再次付款。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="198"/>
        <source>Your item is being repaired; we will tell you when it is ready.</source>
        <translation>您的商品正在维修，修好后我们会通知您。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="201"/>
        <source>A store credit / compensation coupon of {amount} has been issued to you.</source>
        <translation>已向您发放{amount}的店铺余额 / 补偿券。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="204"/>
        <source>A store credit / compensation coupon has been issued to you.</source>
        <translation>已向您发放店铺余额 / 补偿券。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="207"/>
        <source>We could not take the goods back under the store policy below; we have offered you a goodwill gesture instead.</source>
        <translation>根据以下门店政策，本次商品不予退换；我们已为您提供善意补偿。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="212"/>
        <source>Please bring the item and this receipt to {store} by {date}.</source>
        <translation>请于{date}前携带商品及本凭证到{store}办理。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="215"/>
        <source>Please bring the item and this receipt to {store}.</source>
        <translation>请携带商品及本凭证到{store}办理。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="218"/>
        <source>We will follow up with you by {date}.</source>
        <translation>我们将在{date}前与您联系，跟进处理进度。</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="222"/>
        <source>{0}-day no-reason returns</source>
        <translation>{0}天无理由退货</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="223"/>
        <source>{0}-hour no-reason returns</source>
        <translation>{0}小时无理由退货</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="224"/>
        <source>returns within {0} days of delivery, for problems with the goods only</source>
        <translation>签收后{0}天内，商品有问题可退换（不支持无理由退货）</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="227"/>
        <source>returns within {0} hours of delivery, for problems with the goods only</source>
        <translation>签收后{0}小时内，商品有问题可退换（不支持无理由退货）</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="231"/>
        <source>no-reason returns need {0}</source>
        <translation>无理由退货须{0}</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="232"/>
        <source>once the seal is opened, only faulty goods can be returned</source>
        <translation>拆封后仅限质量问题退换</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="236"/>
        <source>quality faults within {0} days: {1}</source>
        <translation>{0}天内出现质量问题可{1}</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="237"/>
        <source>quality faults within {0} hours: {1}</source>
        <translation>{0}小时内出现质量问题可{1}</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="239"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../core/receipt.py" line="240"/>
        <source>{0}; {1}</source>
        <translation>{0}；{1}</translation>
    </message>
</context>
<context>
    <name>review</name>
    <message>
        <location filename="../../core/review.py" line="50"/>
        <location filename="../../ui/finished_cases.py" line="60"/>
        <source>Fine</source>
        <translation>没问题</translation>
    </message>
    <message>
        <location filename="../../core/review.py" line="51"/>
        <location filename="../../ui/finished_cases.py" line="61"/>
        <source>Needs follow-up</source>
        <translation>需跟进</translation>
    </message>
    <message>
        <location filename="../../core/review.py" line="52"/>
        <location filename="../../ui/finished_cases.py" line="62"/>
        <source>Suspicious</source>
        <translation>可疑</translation>
    </message>
    <message>
        <location filename="../../core/review.py" line="58"/>
        <source>Identity override</source>
        <translation>身份特批</translation>
    </message>
    <message>
        <location filename="../../core/review.py" line="59"/>
        <source>Outside policy</source>
        <translation>超出政策</translation>
    </message>
    <message>
        <location filename="../../core/review.py" line="60"/>
        <source>Goodwill</source>
        <translation>善意补偿</translation>
    </message>
    <message>
        <location filename="../../core/review.py" line="61"/>
        <source>SLA breached</source>
        <translation>响应超时</translation>
    </message>
    <message>
        <location filename="../../core/review.py" line="62"/>
        <source>Annotated</source>
        <translation>已批注</translation>
    </message>
</context>
<context>
    <name>signals</name>
    <message>
        <location filename="../../core/signals.py" line="85"/>
        <source>Product quality</source>
        <translation>商品质量</translation>
    </message>
    <message>
        <location filename="../../core/signals.py" line="86"/>
        <source>Store stands out</source>
        <translation>门店异常</translation>
    </message>
    <message>
        <location filename="../../core/signals.py" line="87"/>
        <source>Customer at several stores</source>
        <translation>顾客多店退货</translation>
    </message>
    <message>
        <location filename="../../core/signals.py" line="98"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../core/signals.py" line="101"/>
        <source>identity overrides</source>
        <translation>身份特批</translation>
    </message>
    <message>
        <location filename="../../core/signals.py" line="103"/>
        <source>outside-policy approvals</source>
        <translation>超出政策的审批</translation>
    </message>
    <message>
        <location filename="../../core/signals.py" line="105"/>
        <source>{0} {1}: {2}</source>
        <translation>{0} {1}：{2}</translation>
    </message>
    <message>
        <location filename="../../core/signals.py" line="108"/>
        <source>Customer {0}</source>
        <translation>顾客 {0}</translation>
    </message>
    <message>
        <location filename="../../core/signals.py" line="114"/>
        <source>{0} quality returns within {1} days ({2} cases, {3} units in all) at {4}.</source>
        <translation>{1} 天内有 {0} 次质量退货（共 {2} 张退货单、{3} 件商品），门店：{4}。</translation>
    </message>
    <message>
        <location filename="../../core/signals.py" line="121"/>
        <source>{0} of {1} cases ({2}) against {3} expected from the region&apos;s other stores ({4} of {5}): {6}× as often (p = {7}).</source>
        <translation>{1} 张退货单中有 {0} 张（{2}），按区域内其他门店（{5} 张中 {4} 张）预期为 {3}：是预期的 {6} 倍（p = {7}）。</translation>
    </message>
    <message>
        <location filename="../../core/signals.py" line="135"/>
        <source>{0} returns at {1} stores ({2}), up to {3} within {4} days.</source>
        <translation>在 {1} 家门店退货 {0} 次（{2}），{4} 天内最多涉及 {3} 家门店。</translation>
    </message>
</context>
<context>
    <name>startup</name>
    <message>
        <location filename="../../desktop/app.py" line="336"/>
        <source>ReturnDesk is already running with the data folder {0}.</source>
        <translation>ReturnDesk 已在使用数据文件夹 {0} 运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="402"/>
        <source>ReturnDesk cannot start: {0}</source>
        <translation>ReturnDesk 无法启动：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="405"/>
        <source>ReturnDesk could not start: {0}</source>
        <translation>ReturnDesk 启动失败：{0}</translation>
    </message>
</context>
</TS>
