// A host page driving an embedded ecs-sim frame through its postMessage API.
const frame = document.getElementById('sim');
const list = document.getElementById('messages');
const params = new URLSearchParams({
  embed: '1', panels: 'cluster,services,log', autoplay: '1', speed: '10', lock: 'reset', origins: location.origin,
});
const src = new URL('./?' + params, location.href).href;
document.getElementById('src').textContent = src;
frame.src = src;
const simOrigin = new URL(src).origin;

let next = 1;
function send(command) {
  frame.contentWindow.postMessage({ type: 'command', id: next++, command }, simOrigin);
}

function note(text) {
  const li = document.createElement('li');
  li.textContent = text;
  list.prepend(li);
  while (list.children.length > 30) list.lastChild.remove();
}

addEventListener('message', (e) => {
  if (e.origin !== simOrigin || e.source !== frame.contentWindow || e.data?.source !== 'ecs-sim') return;
  const m = e.data;
  if (m.type === 'height') frame.style.height = m.height + 'px';
  else if (m.type === 'event') note(`${m.topic}: ${m.event.message ?? m.event.title}`);
  else if (m.type === 'result') note(m.ok ? `command ${m.id} done${m.output ? ': ' + m.output : ''}` : `command ${m.id} refused: ${m.error}`);
  else if (m.type === 'ready') note('simulator ready');
});

document.getElementById('deploy').addEventListener('click', () =>
  send('aws ecs create-service --cluster production --service-name web --task-definition web:1 --desired-count 3'));
document.getElementById('kill').addEventListener('click', () => send('kill service web task 1'));
document.getElementById('run').addEventListener('click', () =>
  send('aws ecs run-task --cluster production --task-definition batch-job:1 --count 1'));
